import { resolveNomosPortalOptions } from '../../index.js';
import { CliUsageError } from './cli.errors.js';
import type { CliIo } from './cli-io.js';
import { CONFIG_ENV, loadModuleOptions } from './config-file.js';

/** The module's issuer when neither `portal.issuer` nor SAML is set (identity/identity.options.ts). */
const APP_ISSUER = 'app';

/**
 * The issuer of rows that name none, as the module would take it: `--issuer`, else from the
 * module options (`--config` or NOMOS_PORTAL_CONFIG: `portal.issuer`, else the IdP's entity id),
 * else `'app'` — which is said, since rows taken at the wrong issuer would match nobody signing in.
 * @throws CliUsageError when the options name the IdP only through a metadata URL (pass --issuer)
 */
export async function importIssuer(
  given: { issuer?: string; config?: string },
  io: CliIo,
): Promise<{ issuer: string; note?: string }> {
  if (given.issuer !== undefined) return { issuer: given.issuer };
  if (given.config === undefined && !io.env[CONFIG_ENV]) {
    return { issuer: APP_ISSUER, note: `rows without an issuer are taken at issuer '${APP_ISSUER}' (see --issuer)` };
  }
  const { options } = await loadModuleOptions(given.config, io.env, io.cwd);
  const resolved = resolveNomosPortalOptions(options);
  const issuer = resolved.portal.issuer ?? (resolved.saml ? resolved.saml.idp.entityId : APP_ISSUER);
  if (issuer === undefined) {
    throw new CliUsageError(
      'the IdP entity id comes from saml.idp.metadataUrl only: pass --issuer <entity id> for rows without an issuer',
    );
  }
  return { issuer };
}
