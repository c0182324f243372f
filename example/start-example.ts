import type { DynamicModule, INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { CustomerLinkService } from '../src/index.js';
import { DEMO_PEOPLE } from './demo-people.js';
import type { DevIdp } from './dev-idp/dev-idp.js';
import { describeDatabase } from './database-options.js';
import { resolveExampleConfig, type ExampleConfig, type ExampleEnv } from './example-config.js';
import { exampleModule } from './example.module.js';
import { examplePrometheus } from './observability/example-metrics.js';
import type { RunningEmulator } from './nomos-emulator.js';
import { checkPortalModuleOptions, formTargets, portalModuleOptions, spUrls } from './portal-options.js';
import { securityHeaders } from './security-headers.js';
import { demoLinks, seedCustomerLinks } from './seed-people.js';
import { logStartup } from './startup-log.js';

/** The example, listening. */
export interface RunningExample {
  /** Public origin, e.g. `http://localhost:3000`. */
  url: string;
  app: INestApplication;
  config: ExampleConfig;
  /** The in-process Nomos emulator, when it runs. */
  emulator?: RunningEmulator['emulator'];
  /** Stops the app, then the emulator. Idempotent. */
  close(): Promise<void>;
}

/**
 * Starts the intranet example from environment variables: embedded development IdP, Nomos emulator
 * and SQLite unless real ones are configured. Used by `main.ts` and by the tests.
 * @throws ExampleConfigError (before anything starts) or the package's NomosPortalConfigError
 */
export async function startExample(env: ExampleEnv): Promise<RunningExample> {
  const config = resolveExampleConfig(env);
  const logger = new Logger('IntranetExample');
  let emulator: RunningEmulator | undefined;
  let app: NestExpressApplication | undefined;
  const close = async () => {
    const [a, e] = [app, emulator];
    app = undefined;
    emulator = undefined;
    await a?.close();
    await e?.emulator.stop();
  };
  try {
    // Loaded only when used: production never imports the test IdP or the emulator.
    if (config.emulator) emulator = await (await import('./nomos-emulator.js')).startNomosEmulator(config.emulator);
    const devIdp = config.devIdp ? await createDevIdp(config) : undefined;
    const portal = portalModuleOptions(config, devIdp?.idp, emulator);
    const resolved = checkPortalModuleOptions(portal);
    // Before the app exists: the package's instruments and gauges attach to the provider in force at start.
    examplePrometheus();
    app = await NestFactory.create<NestExpressApplication>(
      exampleModule({
        database: config.database,
        portal,
        auditPageSize: config.auditPageSize,
        extraImports: devIdp ? [devIdp.module] : [],
      }),
      // Throw instead of exiting the process, so that tests (and main) see the error.
      { abortOnError: false, logger: ['error', 'warn', 'log'] },
    );
    if (config.trustProxy !== undefined) app.set('trust proxy', config.trustProxy);
    app.use(securityHeaders({ publicBaseUrl: config.publicBaseUrl, formTargets: formTargets(resolved, emulator) }));
    await app.init();
    const links = app.get(CustomerLinkService);
    // Demo mappings point at emulator customers: meaningless (and harmful) against the real API.
    if (emulator) await seedCustomerLinks(links, demoLinks(DEMO_PEOPLE), logger);
    await seedCustomerLinks(links, config.customerLinks, logger);
    await app.listen(config.port, config.host);
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
  logStartup(logger, config, { devIdp: config.devIdp, emulator, database: describeDatabase(config.database) });
  return { url: config.publicBaseUrl, app, config, emulator: emulator?.emulator, close };
}

async function createDevIdp(config: ExampleConfig): Promise<{ idp: DevIdp; module: DynamicModule }> {
  // One after the other: Jest's ESM loader fails on concurrent imports sharing dependencies.
  const { DevIdp } = await import('./dev-idp/dev-idp.js');
  const { DevIdpModule } = await import('./dev-idp/dev-idp.module.js');
  const sp = spUrls(config);
  const idp = new DevIdp({
    baseUrl: config.publicBaseUrl,
    spEntityId: sp.entityId,
    acsUrl: sp.acsUrl,
    spLogoutUrl: sp.logoutUrl,
    people: DEMO_PEOPLE,
    adminRoles: config.adminRoles,
  });
  return { idp, module: DevIdpModule.register(idp) };
}
