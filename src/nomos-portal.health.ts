import type { Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { NomosApiClient } from './nomos-api/index.js';
import { SamlCertificatesService } from './saml/saml-certificates.service.js';
import type { PortalHealthProbes } from './telemetry/index.js';
import { NomosPortalHealthIndicator, PORTAL_HEALTH_PROBES, startPortalMetrics } from './telemetry/index.js';

/** Token of the start-up step that creates the package's metric instruments on the host's meter provider. */
export const PORTAL_METRICS_STARTED = Symbol('NOMOS_PORTAL_METRICS_STARTED');

/**
 * What the health indicator checks, from the parts that own it: the module's DataSource, the Nomos
 * client's token cache and (with SAML) the IdP certificates and metadata. Telemetry imports none of them.
 */
export function healthProviders(dataSource: string | undefined, saml: boolean): Provider[] {
  return [
    {
      provide: PORTAL_HEALTH_PROBES,
      inject: [getDataSourceToken(dataSource), NomosApiClient, ...(saml ? [SamlCertificatesService] : [])],
      useFactory: (source: DataSource, nomos: NomosApiClient, certificates?: SamlCertificatesService) =>
        ({
          database: async () => {
            await source.query('SELECT 1');
          },
          nomosToken: () => nomos.checkAccessToken(),
          ...(certificates
            ? {
                saml: {
                  metadata: () => certificates.metadataFreshness(),
                  certificates: () => certificates.expiries(),
                },
              }
            : {}),
        }) satisfies PortalHealthProbes,
    },
    NomosPortalHealthIndicator,
    { provide: PORTAL_METRICS_STARTED, useFactory: () => (startPortalMetrics(), true) },
  ];
}
