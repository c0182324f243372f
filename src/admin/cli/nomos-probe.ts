import { request } from 'undici';
import type { ResolvedNomosApiOptions } from '../../index.js';
import { clockSkewLine } from './clock-skew.js';
import type { CheckLine } from './doctor-report.js';
import { fail, ok } from './doctor-report.js';

/** Largest answer read from Nomos here: a token or a one-item page is far smaller. */
const MAX_ANSWER_BYTES = 65_536;
const CREDENTIALS_FIX = 'check nomos.clientId and nomos.clientSecret (NOMOS_CLIENT_ID, NOMOS_CLIENT_SECRET)';
const REACH_FIX = 'check nomos.baseUrl (NOMOS_BASE_URL), DNS and the outbound firewall or proxy';

interface Answer {
  status: number;
  date?: string;
  requestId?: string;
  json: Record<string, unknown> | undefined;
  at: number;
}

function formEncode(value: string): string {
  return new URLSearchParams({ v: value }).toString().slice(2);
}

async function call(nomos: ResolvedNomosApiOptions, path: string, init: Parameters<typeof request>[1]) {
  const base = new URL(nomos.baseUrl);
  const url = `${base.origin}${base.pathname.replace(/\/+$/, '')}${path}`;
  const sent = Date.now();
  const answer = await request(url, {
    ...init,
    headers: { accept: 'application/json', 'x-api-version': nomos.apiVersion, ...init?.headers },
    headersTimeout: nomos.timeoutMs,
    bodyTimeout: nomos.timeoutMs,
    signal: AbortSignal.timeout(nomos.timeoutMs),
  });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of answer.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_ANSWER_BYTES) {
      answer.body.destroy();
      break;
    }
    chunks.push(chunk);
  }
  let json: Record<string, unknown> | undefined;
  try {
    json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    json = undefined;
  }
  const header = (name: string) => {
    const value = answer.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  // The Date header was written somewhere between sending and receiving: compare with the middle.
  const at = Math.round((sent + Date.now()) / 2);
  return { status: answer.statusCode, date: header('date'), requestId: header('x-request-id'), json, at } as Answer;
}

function unreachable(check: string, nomos: ResolvedNomosApiOptions, error: unknown): CheckLine {
  const { code, name, message } = error as NodeJS.ErrnoException;
  const why = code ?? (name === 'TimeoutError' ? `no answer within ${nomos.timeoutMs} ms` : (message ?? name));
  return fail(check, `cannot reach ${new URL(nomos.baseUrl).origin} (${why})`, REACH_FIX);
}

const rid = (answer: Answer) => (answer.requestId ? `, request id ${answer.requestId}` : '');
const nomosCode = (answer: Answer) => {
  const code = answer.json?.code ?? answer.json?.error;
  return typeof code === 'string' ? ` ${code.slice(0, 64)}` : '';
};

/**
 * The Nomos checks: one client-credentials token request, the clock against its `Date` header,
 * and one read (`GET /customers?limit=1`) with that token — never a mint. The token and the
 * secret stay in this function: no line quotes them.
 * @param clockFailMs skew beyond which the clock line fails (SAML's accepted skew)
 */
export async function nomosChecks(nomos: ResolvedNomosApiOptions, clockFailMs?: number): Promise<CheckLine[]> {
  const basic = Buffer.from(`${formEncode(nomos.clientId)}:${formEncode(nomos.clientSecret)}`).toString('base64');
  let token: Answer;
  try {
    token = await call(nomos, '/oauth/token', {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
  } catch (error) {
    return [unreachable('nomos-token', nomos, error)];
  }
  const clock = clockSkewLine(token.date, token.at, clockFailMs);
  const accessToken = token.json?.access_token;
  if (token.status !== 200 || typeof accessToken !== 'string') {
    const refused = [400, 401, 403].includes(token.status);
    const detail = `token endpoint answered HTTP ${token.status}${nomosCode(token)}${rid(token)}`;
    return [fail('nomos-token', detail, refused ? CREDENTIALS_FIX : REACH_FIX), clock];
  }
  const lifetime = typeof token.json?.expires_in === 'number' ? `, valid for ${token.json.expires_in} s` : '';
  const lines = [ok('nomos-token', `client credentials accepted${lifetime}`), clock];
  try {
    const list = await call(nomos, '/customers?limit=1', { headers: { authorization: `Bearer ${accessToken}` } });
    lines.push(
      list.status === 200
        ? ok('nomos-api', `GET /customers?limit=1 answered 200${rid(list)}`)
        : fail(
            'nomos-api',
            `GET /customers?limit=1 answered HTTP ${list.status}${nomosCode(list)}${rid(list)}`,
            REACH_FIX,
          ),
    );
  } catch (error) {
    lines.push(unreachable('nomos-api', nomos, error));
  }
  return lines;
}
