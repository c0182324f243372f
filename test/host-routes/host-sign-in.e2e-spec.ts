import type { ArgumentsHost, ExceptionFilter, INestApplication } from '@nestjs/common';
import { Catch, ConsoleLogger, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import request from 'supertest';
import { nomosPortalMigrations } from '../../migrations/index.js';
import type { NomosPortalError, PortalUserResolver } from '../../src/index.js';
import { NomosPortalModule, nomosPortalEntities } from '../../src/index.js';
import type { DbKind, TestDatabase } from '../support/databases.js';
import { createTestDatabase, describeEachDb } from '../support/databases.js';
import { LogCapture } from '../support/log-capture.js';
import { AccountController, BROWSER, UnguardedController } from './account.controller.js';

/** The host's own sign-in, played by a header: a JSON id, so a test can give a number or an object. */
const headerResolver: PortalUserResolver = {
  resolve: (req) => {
    const given = (req as Request).get('x-host-user-id');
    return given === undefined ? undefined : { id: JSON.parse(given) as string, email: 'n@corp.example' };
  },
};

async function startHostApp(
  kind: DbKind,
  setUp: (app: INestApplication) => void = () => undefined,
): Promise<{ app: INestApplication; db: TestDatabase }> {
  const db = await createTestDatabase(kind);
  @Module({
    imports: [
      NomosPortalModule.forRoot({
        sso: 'none',
        nomos: { baseUrl: 'http://127.0.0.1:9', clientId: 'host-routes', clientSecret: 'not-used-by-this-test' },
        portal: { resolveUser: headerResolver },
      }),
    ],
    controllers: [AccountController, UnguardedController],
  })
  class HostFeatureModule {}
  const moduleRef = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({
        ...db.options,
        entities: nomosPortalEntities,
        migrations: nomosPortalMigrations,
        migrationsRun: true,
      }),
      HostFeatureModule,
    ],
  }).compile();
  const app = moduleRef.createNestApplication();
  app.useLogger(new ConsoleLogger({ logLevels: ['error', 'warn', 'log'] }));
  setUp(app);
  await app.listen(0, '127.0.0.1');
  return { app, db };
}

describeEachDb('a host route guarded by SignedInGuard, with the host’s own sign-in', (kind) => {
  const logs = new LogCapture();
  let host: { app: INestApplication; db: TestDatabase };
  let http: ReturnType<INestApplication['getHttpServer']>;
  beforeAll(async () => {
    logs.start();
    host = await startHostApp(kind);
    http = host.app.getHttpServer();
  });
  afterAll(async () => {
    logs.stop();
    await host.app.close();
    await host.db.drop();
  });

  it('answers signed out 401: JSON for an API client, the "Please sign in" page without a login path', async () => {
    const api = await request(http).get('/account/me').expect(401);
    expect(api.body.code).toBe('SIGN_IN_REQUIRED');
    const page = await request(http).get('/account/me').set('accept', BROWSER).expect(401);
    expect(page.text).toContain('<h1>Please sign in</h1>');
  });

  it('gives a numeric id as its decimal string (no "signed out" for a signed-in person)', async () => {
    const res = await request(http).get('/account/me').set('x-host-user-id', '42').expect(200);
    expect(res.body).toEqual({ id: '42', email: 'n@corp.example' });
  });

  it('refuses an id of another type 400 INVALID_USER and says why in the log, without the value', async () => {
    const res = await request(http).get('/account/me').set('x-host-user-id', '{"oid":"planted-oid-value"}');
    expect([res.status, res.body.code]).toEqual([400, 'INVALID_USER']);
    expect(logs.text).toMatch(/signed-in person refused: the sign-in gave an id of type object;/);
    expect(logs.text).not.toContain('planted-oid-value');
  });

  it('answers 500 where @CurrentPortalUser() is used without the guard', async () => {
    await request(http).get('/unguarded').set('x-host-user-id', '"alice"').expect(500);
  });
});

/** A host's catch-everything filter, as Nest's docs write one: it answers every error itself. */
@Catch()
class HostCatchAllFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const code = (error as Partial<NomosPortalError>).code ?? 'unknown';
    host.switchToHttp().getResponse<Response>().status(418).json({ host: true, code });
  }
}

describeEachDb('SignedInGuard beside a host’s own global filter', (kind) => {
  let host: { app: INestApplication; db: TestDatabase };
  beforeAll(async () => {
    host = await startHostApp(kind, (app) => app.useGlobalFilters(new HostCatchAllFilter()));
  });
  afterAll(async () => {
    await host.app.close();
    await host.db.drop();
  });

  it('leaves the guard’s refusal to the host’s filter, with its code', async () => {
    const res = await request(host.app.getHttpServer()).get('/account/me').expect(418);
    expect(res.body).toEqual({ host: true, code: 'SIGN_IN_REQUIRED' });
  });
});
