import { Inject, Injectable } from '@nestjs/common';
import { errorCodeOf } from '../telemetry-attributes.js';
import type { PortalHealthThresholds, ResolvedPortalHealthThresholds } from '../telemetry.options.js';
import { resolveHealthThresholds } from '../telemetry.options.js';
import type { PortalHealthProbes } from './portal-health.probes.js';
import { PORTAL_HEALTH_PROBES } from './portal-health.probes.js';

/**
 * One indicator's answer, shaped as `@nestjs/terminus`'s `HealthIndicatorResult` (a key → its status
 * and details), so `HealthCheckService.check` takes it as is while this package never loads terminus.
 */
export type PortalHealthResult<Key extends string = string> = Record<
  Key,
  { status: 'up' | 'down' } & Record<string, unknown>
>;

const DAY_MS = 86_400_000;

/**
 * Health checks of what the portal depends on, for a host's `@nestjs/terminus` health route (or any
 * other): the database (`SELECT 1`), the Nomos token endpoint (a cached token, never a mint), the IdP
 * metadata's freshness and the IdP signing certificate's days left. Down answers say what is wrong and
 * never carry an error's text (a driver's message may name the connection string).
 * @example return this.health.check(this.portal.checks()); // in a host's terminus health route
 */
@Injectable()
export class NomosPortalHealthIndicator {
  private tokenCheck?: { at: number; result: Promise<{ token: { status: 'up' | 'down' } & Record<string, unknown> }> };

  constructor(@Inject(PORTAL_HEALTH_PROBES) private readonly probes: PortalHealthProbes) {}

  /** Every check that applies (the SAML ones only with `sso: 'saml'`), as terminus's indicator functions. */
  checks(thresholds?: PortalHealthThresholds): Array<() => Promise<PortalHealthResult>> {
    const limits = resolveHealthThresholds(thresholds);
    return [
      () => this.database('nomos_portal_database', limits),
      () => this.nomosToken('nomos_api_token', limits),
      ...(this.probes.saml
        ? [
            () => this.idpMetadata('saml_idp_metadata', limits),
            () => this.idpCertificates('saml_idp_certificates', limits),
          ]
        : []),
    ];
  }

  /** The module's database answers `SELECT 1` within `databaseTimeoutMs`. */
  async database(key = 'nomos_portal_database', thresholds?: PortalHealthThresholds): Promise<PortalHealthResult> {
    const { databaseTimeoutMs } = resolveHealthThresholds(thresholds);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), databaseTimeoutMs);
    });
    try {
      await Promise.race([this.probes.database(), late]);
      return { [key]: { status: 'up' } };
    } catch {
      return {
        [key]: { status: 'down', message: `the database did not answer SELECT 1 within ${databaseTimeoutMs} ms` },
      };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The Nomos client can get an access token: the cached one, or one token request when none is held.
   * The answer (up or down) is reused for `tokenCheckCacheMs`, so polling costs Nomos at most one token
   * request per period; concurrent checks share one.
   */
  nomosToken(key = 'nomos_api_token', thresholds?: PortalHealthThresholds): Promise<PortalHealthResult> {
    const { tokenCheckCacheMs } = resolveHealthThresholds(thresholds);
    const now = Date.now();
    if (!this.tokenCheck || now - this.tokenCheck.at >= tokenCheckCacheMs) {
      const result = this.probes.nomosToken().then(
        () => ({ status: 'up' as const }),
        (error: unknown) => ({ status: 'down' as const, message: 'no Nomos access token', code: errorCodeOf(error) }),
      );
      this.tokenCheck = { at: now, result: result.then((value) => ({ token: value })) };
    }
    const { at, result } = this.tokenCheck;
    return result.then(({ token }) => ({ [key]: { ...token, checkedAt: new Date(at).toISOString() } }));
  }

  /** The IdP metadata in use is not past its `validUntil` and (from a URL) was confirmed within `metadataMaxAgeMs`. */
  async idpMetadata(key = 'saml_idp_metadata', thresholds?: PortalHealthThresholds): Promise<PortalHealthResult> {
    const saml = this.probes.saml;
    if (!saml) return { [key]: { status: 'down', message: 'SAML is not enabled in this module' } };
    const limits = resolveHealthThresholds(thresholds);
    const meta = saml.metadata();
    const now = Date.now();
    const maxAgeMs = limits.metadataMaxAgeMs ?? 3 * meta.refreshMs;
    const ageMs = now - meta.confirmedAt.getTime();
    const details = {
      source: meta.source,
      confirmedAt: meta.confirmedAt.toISOString(),
      ...(meta.validUntil ? { validUntil: meta.validUntil.toISOString() } : {}),
    };
    if (meta.validUntil && meta.validUntil.getTime() <= now)
      return { [key]: { status: 'down', ...details, message: 'the IdP metadata in use is past its validUntil' } };
    if (meta.source === 'url' && ageMs > maxAgeMs)
      return {
        [key]: { status: 'down', ...details, message: `the IdP has not confirmed its metadata for ${ageMs} ms` },
      };
    return { [key]: { status: 'up', ...details } };
  }

  /**
   * The IdP signing certificate that lasts longest has at least `certMinDaysLeft` days left (during a
   * rotation the old one may run out while the new one carries sign-in). Lists each with its days left.
   */
  async idpCertificates(
    key = 'saml_idp_certificates',
    thresholds?: PortalHealthThresholds,
  ): Promise<PortalHealthResult> {
    const saml = this.probes.saml;
    if (!saml) return { [key]: { status: 'down', message: 'SAML is not enabled in this module' } };
    return { [key]: certificateStatus(saml.certificates(), resolveHealthThresholds(thresholds)) };
  }
}

function certificateStatus(
  all: ReturnType<NonNullable<PortalHealthProbes['saml']>['certificates']>,
  { certMinDaysLeft }: ResolvedPortalHealthThresholds,
): { status: 'up' | 'down' } & Record<string, unknown> {
  const now = Date.now();
  const certificates = all
    .filter((cert) => cert.use === 'idp-signing')
    .map((cert) => ({
      subject: cert.subject,
      fingerprint: cert.fingerprint,
      notAfter: cert.notAfter.toISOString(),
      daysLeft: Math.floor((cert.notAfter.getTime() - now) / DAY_MS),
    }));
  const best = Math.max(...certificates.map((cert) => cert.daysLeft));
  if (certificates.length === 0) return { status: 'down', message: 'no readable IdP signing certificate' };
  if (best < certMinDaysLeft)
    return {
      status: 'down',
      daysLeft: best,
      certificates,
      message: `IdP signing certificate expires in ${best} day(s)`,
    };
  return { status: 'up', daysLeft: best, certificates };
}
