import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { ConsoleLogger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { nomosPortalMigrations } from '../../migrations/index.js';
import type { AdminOptions, SamlOptions, ScimOptions } from '../../src/index.js';
import { CustomerLinkService, NomosPortalModule, nomosPortalEntities } from '../../src/index.js';
import type { DbKind, TestDatabase } from './databases.js';
import { createTestDatabase } from './databases.js';
import { LogCapture, ledgerSource } from './log-capture.js';
import { NomosEmulator, testClientSecret, TestIdp } from '../../src/testing/index.js';
import { recordCookiesOf, sessionMaterial } from './session-material.js';
import { CUSTOMERS } from './portal-app.js';

/** The public address the SP is configured with; supertest talks to the real port regardless. */
export const SP_BASE_URL = 'http://localhost:4400';
export const SP_ENTITY_ID = 'https://intranet.corp.example/saml';
export const ACS_URL = `${SP_BASE_URL}/auth/saml/acs`;
/** People the IdP knows; alice is mapped to a customer, carol is not. */
export const PEOPLE = {
  alice: { nameId: 'alice@corp.example', email: 'alice@corp.example', displayName: 'Alice Energy', groups: ['staff'] },
  carol: {
    nameId: 'carol@corp.example',
    email: 'carol@corp.example',
    displayName: 'Carol Unmapped',
    groups: ['staff'],
  },
} as const;

export interface SamlTestApp {
  app: INestApplication;
  http: ReturnType<INestApplication['getHttpServer']>;
  close(): Promise<void>;
}

export interface SamlTestAppOptions {
  db: TestDatabase;
  emulator: NomosEmulator;
  clientSecret: string;
  idp: TestIdp;
  /** Overrides of the SAML options (merged over strict defaults). */
  saml?: Partial<SamlOptions>;
  /** Seed the customer mapping (only once per database). @default true */
  seed?: boolean;
  /** `app.setGlobalPrefix(...)` before start. */
  globalPrefix?: string;
  /** Express's `trust proxy` setting (e.g. `'loopback'` to take the client IP from X-Forwarded-For). */
  trustProxy?: string | boolean;
  /** Extra module options (e.g. `portal.loginPath` with a global prefix). */
  portal?: NonNullable<Parameters<typeof NomosPortalModule.forRoot>[0]>['portal'];
  /** The host's own controllers beside the module (e.g. routes guarded by `SignedInGuard`). */
  controllers?: Type[];
  /** The module's `samlRoutePrefix`. @default 'auth/saml' */
  samlRoutePrefix?: string;
  /** SCIM options: when given, the module is declared with `provisioning: 'scim'`. */
  scim?: ScimOptions;
  /** The host's own modules beside the package's (e.g. `TerminusModule` for a health route). */
  imports?: Array<DynamicModule | Type>;
  /** Admin API options: when given, the module is declared with `adminApi: true`. */
  admin?: AdminOptions;
}

/** Session secret shared by replicas, as a real deployment would share it. */
export const SESSION_SECRET = randomBytes(24).toString('hex');

/** A Nest app with the SAML part on, against a shared database, the emulator and a test IdP. */
export async function startSamlApp(options: SamlTestAppOptions): Promise<SamlTestApp> {
  const { db, emulator, idp } = options;
  const moduleRef = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({
        ...db.options,
        entities: nomosPortalEntities,
        migrations: nomosPortalMigrations,
        migrationsRun: true,
      }),
      NomosPortalModule.forRoot({
        ...(options.samlRoutePrefix === undefined ? {} : { samlRoutePrefix: options.samlRoutePrefix }),
        ...(options.scim === undefined ? {} : { provisioning: 'scim' as const, scim: options.scim }),
        ...(options.admin === undefined ? {} : { adminApi: true, admin: options.admin }),
        nomos: {
          baseUrl: emulator.apiUrl,
          clientId: 'portal-test',
          clientSecret: options.clientSecret,
          timeoutMs: 1000,
          // Pacing and the breaker are asserted in test/pacing; here they would only slow or skew counts.
          rateLimit: false,
          circuitBreaker: false,
        },
        // The per-person limit off unless a suite asks for it (test/person-limit): suites sign in and click often.
        portal: { allowedLinkHosts: ['*.customerportal.localhost'], personRateLimit: false, ...options.portal },
        saml: {
          idp: { metadataXml: idp.metadataXml() },
          sp: { entityId: SP_ENTITY_ID, baseUrl: SP_BASE_URL },
          acceptedClockSkewMs: 2000,
          session: { secret: SESSION_SECRET, secureCookie: false },
          ...options.saml,
        },
      }),
      ...(options.imports ?? []),
    ],
    controllers: options.controllers ?? [],
  }).compile();
  const app = moduleRef.createNestApplication();
  recordCookiesOf(app);
  app.useLogger(new ConsoleLogger({ logLevels: ['error', 'warn', 'log', 'debug', 'verbose'] }));
  if (options.globalPrefix) app.setGlobalPrefix(options.globalPrefix);
  if (options.trustProxy !== undefined)
    (app.getHttpAdapter().getInstance() as { set(name: string, value: unknown): void }).set(
      'trust proxy',
      options.trustProxy,
    );
  await app.listen(0, '127.0.0.1');
  if (options.seed ?? true) {
    await app
      .get(CustomerLinkService)
      .link(PEOPLE.alice.nameId, CUSTOMERS[0].id, { source: 'manual', createdBy: 'test' });
  }
  return { app, http: app.getHttpServer(), close: () => app.close() };
}

/** A test IdP configured for the SP above. */
export function testIdp(overrides: Partial<ConstructorParameters<typeof TestIdp>[0]> = {}): TestIdp {
  return new TestIdp({
    sp: { entityId: SP_ENTITY_ID, acsUrl: ACS_URL, sloUrl: `${SP_BASE_URL}/auth/saml/logout` },
    ...overrides,
  });
}

/**
 * Walks a browser's way from the app's login route to a posted ACS response: follows the
 * redirect to the IdP, lets the IdP answer, and returns what the ACS said.
 */
export async function signIn(
  agent: ReturnType<typeof request.agent>,
  idp: TestIdp,
  person: (typeof PEOPLE)[keyof typeof PEOPLE],
  returnTo = '/portal',
  responseOptions: Partial<Parameters<TestIdp['loginResponse']>[0]> = {},
): Promise<request.Response> {
  const login = await agent.get(`/auth/saml/login?returnTo=${encodeURIComponent(returnTo)}`).expect(302);
  const authn = idp.parseAuthnRequest(login.headers.location);
  const { samlResponse } = await idp.loginResponse({
    user: { ...person, groups: [...person.groups] },
    inResponseTo: authn.id,
    ...responseOptions,
  });
  return completeSignIn(
    agent,
    await agent
      .post('/auth/saml/acs')
      .type('form')
      .send({ SAMLResponse: samlResponse, RelayState: authn.relayState ?? '' }),
  );
}

/**
 * What a browser does after the ACS: an SP-initiated login is answered 303 to the completion step
 * (where the binding cookie set at the login route is checked and the session starts); follow it
 * with the same cookie jar and return what the completion step said. Any other answer (a refusal,
 * or an IdP-initiated sign-in, which completes at the ACS) is returned as it is.
 */
export async function completeSignIn(
  agent: ReturnType<typeof request.agent>,
  acs: request.Response,
): Promise<request.Response> {
  const location = acs.status === 303 ? String(acs.headers.location ?? '') : '';
  if (!/\/auth\/saml\/complete\?/.test(location)) return acs;
  return agent.get(location);
}

/** What a SAML suite shares: one database, one emulator, captured logs, and the apps it started. */
export interface SamlEnv {
  db: TestDatabase;
  emulator: NomosEmulator;
  clientSecret: string;
  logs: LogCapture;
  /** Starts another app (replica) on the shared database. */
  start(options: Omit<SamlTestAppOptions, 'db' | 'emulator' | 'clientSecret'>): Promise<SamlTestApp>;
  /** Closes every app, the emulator and the database; returns credentials found in the logs. */
  close(): Promise<string[]>;
}

export async function samlEnv(kind: DbKind): Promise<SamlEnv> {
  const logs = new LogCapture().start();
  // The runner fails the run if close() does not register this environment's credentials.
  const ledger = ledgerSource('a SAML test environment');
  ledger.expect('credential');
  const clientSecret = testClientSecret(12);
  const emulator = new NomosEmulator({ clientId: 'portal-test', clientSecret, customers: CUSTOMERS });
  await emulator.start();
  const db = await createTestDatabase(kind);
  const apps: SamlTestApp[] = [];
  let seeded = false;
  return {
    db,
    emulator,
    clientSecret,
    logs,
    async start(options) {
      const app = await startSamlApp({ db, emulator, clientSecret, seed: !seeded, ...options });
      seeded = true;
      apps.push(app);
      return app;
    },
    async close() {
      for (const app of apps) await app.close();
      await emulator.stop();
      await db.drop();
      logs.stop();
      const secrets = [
        clientSecret,
        SESSION_SECRET,
        ...emulator.issuedTokens(),
        ...emulator.issuedLinks().flatMap((l) => [l.link, l.tokenHash]),
      ];
      ledger.record(secrets);
      return logs.leaks([...secrets, ...sessionMaterial()]);
    },
  };
}
