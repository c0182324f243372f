import { SpanKind } from '@opentelemetry/api';
import { inSpan } from './portal-spans.js';
import { recordNomosCall, recordTokenRefresh } from './portal-metrics.js';
import { requestIdAttribute } from './telemetry-attributes.js';

/** The per-call hooks the Nomos client's attempt loop takes (a subset of `NomosCallOptions`). */
export interface NomosCallHooks {
  onAttempt?: () => void;
  requestId?: string;
}

/** What the attempt loop resolves with: only the headers are read (for Nomos's request id). */
export interface NomosCallResponse {
  headers: Record<string, string | string[] | undefined>;
}

/** The Nomos client's attempt loop, seen structurally (telemetry does not import nomos-api). */
export interface NomosCallRunner<Req, Res extends NomosCallResponse, Opts extends NomosCallHooks> {
  run(req: Req, label: string, opts?: Opts): Promise<Res>;
}

/** The label the client gives the mint call; it gets the span name the issue asks for. */
const MINT_LABEL = 'POST /admin/magic_link';

/**
 * The attempt loop with a span and metrics around each call: `nomos.magic_link.mint` for the mint,
 * `nomos.api.call` for the others (attribute `nomos.operation`, the client's path template, never a
 * customer id), the latency histogram and the retries counter. Attempts are counted through the
 * call's own `onAttempt`, which is still called.
 */
export function observedNomosCalls<Req, Res extends NomosCallResponse, Opts extends NomosCallHooks>(
  runner: NomosCallRunner<Req, Res, Opts>,
): NomosCallRunner<Req, Res, Opts> {
  return {
    run: (req, label, opts) => {
      let attempts = 0;
      const counted = {
        ...opts,
        onAttempt: () => {
          attempts++;
          opts?.onAttempt?.();
        },
      } as Opts;
      const started = performance.now();
      let outcome = 'error';
      const name = label === MINT_LABEL ? 'nomos.magic_link.mint' : 'nomos.api.call';
      const attributes = { 'nomos.operation': label, 'nomos_portal.request_id': requestIdAttribute(opts?.requestId) };
      return inSpan(
        name,
        attributes,
        async (span) => {
          try {
            const res = await runner.run(req, label, counted);
            outcome = 'ok';
            const nomosId = requestIdAttribute(firstHeader(res.headers['x-request-id']));
            if (nomosId) span.setAttribute('nomos.request_id', nomosId);
            return res;
          } catch (error) {
            const nomosId = requestIdAttribute((error as { requestId?: unknown })?.requestId);
            if (nomosId) span.setAttribute('nomos.request_id', nomosId);
            throw error;
          } finally {
            span.setAttribute('nomos.attempts', attempts);
            recordNomosCall(label, performance.now() - started, outcome, Math.max(0, attempts - 1));
          }
        },
        SpanKind.CLIENT,
      );
    },
  };
}

/**
 * One request to the Nomos token endpoint in a `nomos.oauth.token` span (attribute `nomos.grant_type`)
 * and counted by grant and outcome. The token itself is the call's result and never an attribute.
 */
export function observeTokenRequest(grantType: string, request: () => Promise<string>): Promise<string> {
  return inSpan(
    'nomos.oauth.token',
    { 'nomos.grant_type': grantType },
    async () => {
      try {
        const token = await request();
        recordTokenRefresh(grantType, 'ok');
        return token;
      } catch (error) {
        recordTokenRefresh(grantType, 'error');
        throw error;
      }
    },
    SpanKind.CLIENT,
  );
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
