import type { INestApplication } from '@nestjs/common';
import { ConsoleLogger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { nomosPortalMigrations } from '../../migrations/index.js';
import type { NomosApiOptions, NomosPortalModuleOptions } from '../../src/index.js';
import { CustomerLinkService, NomosPortalModule, nomosPortalEntities } from '../../src/index.js';
import type { DbKind, TestDatabase } from './databases.js';
import { createTestDatabase } from './databases.js';
import { LogCapture, ledgerSource } from './log-capture.js';
import {
  type EmulatorCustomer,
  type NomosEmulatorOptions,
  NomosEmulator,
  testClientSecret,
} from '../../src/testing/index.js';

/** Demo customers: one with a subscription, one without (its link goes to the checkout). */
export const CUSTOMERS: EmulatorCustomer[] = [
  {
    id: 'cus_alice0000000000000001',
    type: 'person',
    first_name: 'Alice',
    last_name: 'Energy',
    email: 'alice@corp.example',
    created_at: '2026-01-02T10:00:00.000Z',
    planSlug: 'acme-power',
    hasSubscription: true,
  },
  {
    id: 'cus_bob00000000000000002',
    type: 'person',
    first_name: 'Bob',
    last_name: 'Newcomer',
    email: 'bob@corp.example',
    created_at: '2026-01-03T10:00:00.000Z',
    planSlug: 'acme-power',
    hasSubscription: false,
  },
];
/** App users and the customer each is mapped to; `carol` has no mapping. */
export const USERS = { alice: CUSTOMERS[0].id, bob: CUSTOMERS[1].id } as const;

export interface PortalTestApp {
  app: INestApplication;
  http: ReturnType<INestApplication['getHttpServer']>;
  db: TestDatabase;
  dataSource: DataSource;
  emulator: NomosEmulator;
  logs: LogCapture;
  clientSecret: string;
  /** Everything that must never be printed: client secret, issued links and their token hashes. */
  secrets(): string[];
  close(): Promise<void>;
}

export interface PortalTestAppOptions {
  nomos?: Partial<NomosApiOptions>;
  portal?: NomosPortalModuleOptions['portal'];
  /** The emulator's rate limit (strict mode always). @default the documented 10 requests per second */
  emulatorRateLimit?: NomosEmulatorOptions['rateLimit'];
}

/**
 * A real Nest app on a fresh database with the package's migrations applied, talking to a real
 * emulator on loopback. The host's own sign-in is played by a middleware that trusts the
 * `x-test-user` header — the same place a host's SSO would set `req.user`.
 */
export async function startPortalApp(kind: DbKind, options: PortalTestAppOptions = {}): Promise<PortalTestApp> {
  const logs = new LogCapture().start();
  // The runner fails the run if this app's close() does not register its credentials.
  const ledger = ledgerSource('a portal test app');
  ledger.expect('credential');
  const clientSecret = testClientSecret(16);
  const emulator = new NomosEmulator({
    clientId: 'portal-test',
    clientSecret,
    customers: CUSTOMERS,
    rateLimit: options.emulatorRateLimit,
  });
  await emulator.start();
  const db = await createTestDatabase(kind);

  const moduleRef = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({
        ...db.options,
        entities: nomosPortalEntities,
        migrations: nomosPortalMigrations,
        migrationsRun: true,
      }),
      NomosPortalModule.forRoot({
        sso: 'none',
        nomos: {
          baseUrl: emulator.apiUrl,
          clientId: 'portal-test',
          clientSecret,
          timeoutMs: 1000,
          retryBaseDelayMs: 20,
          retryMaxDelayMs: 100,
          // Pacing and the breaker would change what these suites count (429s met, faults in a row);
          // test/pacing turns them on.
          rateLimit: false,
          circuitBreaker: false,
          ...options.nomos,
        },
        // With `sso: 'none'` there is no default login path; this host's sign-in page sits where the
        // suites expect signed-out browsers to be sent.
        // The per-person limit off unless a suite asks for it: suites click dozens of times as one person.
        portal: {
          allowedLinkHosts: ['*.customerportal.localhost'],
          loginPath: '/auth/saml/login',
          personRateLimit: false,
          ...options.portal,
        },
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication();
  // Nest's testing logger drops everything below `error`; print every level so that the log
  // checks (this suite's and the runner's) see all the app would log in production.
  app.useLogger(new ConsoleLogger({ logLevels: ['error', 'warn', 'log', 'debug', 'verbose'] }));
  app.use((request: Request & { user?: unknown }, _response: Response, next: NextFunction) => {
    // `x-test-user-uri` carries a percent-encoded id, for ids no header can hold (NUL, CR/LF).
    const encoded = request.get('x-test-user-uri');
    const id = encoded === undefined ? request.get('x-test-user') : decodeURIComponent(encoded);
    if (id) request.user = { id, email: request.get('x-test-email') };
    next();
  });
  await app.listen(0, '127.0.0.1');

  const links = app.get(CustomerLinkService);
  for (const [userId, customerId] of Object.entries(USERS))
    await links.link(userId, customerId, { source: 'manual', createdBy: 'test' });

  const secrets = () => [
    clientSecret,
    ...emulator.issuedTokens(),
    ...emulator.issuedLinks().flatMap((l) => [l.link, l.tokenHash]),
  ];
  return {
    app,
    http: app.getHttpServer(),
    db,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    emulator,
    logs,
    clientSecret,
    secrets,
    close: async () => {
      ledger.record(secrets());
      await app.close();
      await emulator.stop();
      await db.drop();
      logs.stop();
    },
  };
}
