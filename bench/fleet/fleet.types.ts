import type { NomosPortalModuleOptions } from '../../src/index.js';

/** What one replica process is told at start (as JSON in its environment). */
export interface ReplicaConfig {
  /** Log prefix, e.g. `replica-1`. */
  name: string;
  port: number;
  databaseUrl: string;
  /** pg pool size per replica. */
  poolSize: number;
  nomosUrl: string;
  clientId: string;
  clientSecret: string;
  /** Extra `nomos` options (e.g. the fleet-wide rate limit once it exists). */
  nomos?: Partial<NonNullable<NomosPortalModuleOptions['nomos']>>;
  idpMetadataXml: string;
  spEntityId: string;
  /** The proxy's origin: every replica is the same public SP. */
  spBaseUrl: string;
  sessionSecret: string;
  /** `[person, customerId]` mappings to write before reporting ready (the first replica only). */
  seed?: Array<[string, string]>;
}
