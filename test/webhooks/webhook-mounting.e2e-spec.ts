// The receiver is mounted only when asked for, where the shape options say, and refuses to start
// without its settings.
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import request from 'supertest';
import { nomosPortalMigrations } from '../../migrations/index.js';
import type { NomosPortalModuleExtras, NomosPortalModuleOptions } from '../../src/index.js';
import { NomosPortalConfigError, NomosPortalModule, nomosPortalEntities } from '../../src/index.js';
import { PREVIOUS_SIGNING_SECRET, REFERENCE_SECRET, SIGNING_SECRET } from './webhook-app.js';

const options: NomosPortalModuleOptions = {
  nomos: { clientId: 'id', clientSecret: 'secret-value-123' },
  webhooks: { signingSecrets: [SIGNING_SECRET], signupReferenceSecrets: [REFERENCE_SECRET], sweepIntervalMs: 0 },
};

async function appWith(extras: NomosPortalModuleExtras, given = options): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({
        type: 'better-sqlite3',
        database: ':memory:',
        entities: nomosPortalEntities,
        migrations: nomosPortalMigrations,
        migrationsRun: true,
      }),
      NomosPortalModule.forRoot({ sso: 'none', ...extras, ...given }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ rawBody: true });
  await app.init();
  return app;
}

/** An unsigned delivery: 401 where the receiver is, 404 where it is not. */
const unsigned = (app: INestApplication, path: string) =>
  request(app.getHttpServer()).post(path).type('application/json').send('{}');

describe('mounting the Nomos webhook receiver', () => {
  const apps: INestApplication[] = [];
  afterAll(() => Promise.all(apps.map((app) => app.close())));
  const started = async (extras: NomosPortalModuleExtras) => {
    const app = await appWith(extras);
    apps.push(app);
    return app;
  };

  it('is not mounted by default', async () => {
    expect((await unsigned(await started({}), '/portal/nomos/webhooks')).status).toBe(404);
  });

  it('follows routePrefix, or webhookRoutePrefix when given, also without the portal controllers', async () => {
    const byRoutePrefix = await started({ webhookReceiver: 'nomos', routePrefix: 'energy' });
    expect((await unsigned(byRoutePrefix, '/energy/nomos/webhooks')).status).toBe(401);
    const own = await started({ webhookReceiver: 'nomos', controllers: false, webhookRoutePrefix: '/hooks/' });
    expect((await unsigned(own, '/hooks/nomos/webhooks')).status).toBe(401);
    expect((await unsigned(own, '/portal/nomos/webhooks')).status).toBe(404);
  });

  it('refuses to start without the webhooks section, naming it', async () => {
    const error = await appWith({ webhookReceiver: 'nomos' }, { nomos: options.nomos }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NomosPortalConfigError);
    expect((error as Error).message).toMatch(/^webhooks is required when the module is declared with webhookReceiver/);
    expect(String(error)).not.toContain(PREVIOUS_SIGNING_SECRET);
  });
});
