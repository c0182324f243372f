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
  /** `serve` (default): listen on `port`. `audit-check`: reconcile and verify the audit, print, exit. */
  mode?: 'serve' | 'audit-check';
  /** Extra `nomos` options (the fleet-wide rate limit, once the package has it); untyped on purpose. */
  extraNomos?: Record<string, unknown>;
  /** Extra module options (e.g. `audit`, once the package has it). */
  extraOptions?: Record<string, unknown>;
  idpMetadataXml: string;
  spEntityId: string;
  /** The proxy's origin: every replica is the same public SP. */
  spBaseUrl: string;
  sessionSecret: string;
  /** `[person, customerId]` mappings to write before reporting ready (the first replica only). */
  seed?: Array<[string, string]>;
}
