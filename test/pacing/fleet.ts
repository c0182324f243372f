import type { INestApplication } from '@nestjs/common';
import { ConsoleLogger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import type { DataSource } from 'typeorm';
import { nomosPortalMigrations } from '../../migrations/index.js';
import type { NomosApiOptions } from '../../src/index.js';
import { NomosPortalModule, nomosPortalEntities } from '../../src/index.js';
import { testClientSecret, type NomosEmulatorOptions } from '../../src/testing/index.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { LogCapture, ledgerSource } from '../support/log-capture.js';
import { CUSTOMERS } from '../support/portal-app.js';
import { RemoteEmulator } from './remote-emulator.js';

/** Replicas of one host app on one PostgreSQL database, all talking to one emulator (in its own process). */
export interface TestFleet {
  replicas: INestApplication[];
  emulator: RemoteEmulator;
  db: TestDatabase;
  dataSource: DataSource;
  logs: LogCapture;
  /** Everything that must never be printed: client secret, tokens, links and their token hashes. */
  secrets(): Promise<string[]>;
  close(): Promise<void>;
}

export interface TestFleetOptions {
  replicas: number;
  /** The module's `nomos` options beside the emulator's URL and credentials. */
  nomos: Partial<NomosApiOptions>;
  emulatorRateLimit: NomosEmulatorOptions['rateLimit'];
}

/**
 * Starts `replicas` Nest apps like startPortalApp's (the host's sign-in played by `x-test-user`), on
 * one fresh PostgreSQL database (the first replica migrates it) and one emulator.
 */
export async function startFleet(options: TestFleetOptions): Promise<TestFleet> {
  const logs = new LogCapture().start();
  const ledger = ledgerSource('a pacing test fleet');
  ledger.expect('credential');
  const clientSecret = testClientSecret(16);
  const emulator = await RemoteEmulator.start({
    clientId: 'fleet-test',
    clientSecret,
    customers: CUSTOMERS,
    rateLimit: options.emulatorRateLimit,
  });
  const db = await createTestDatabase('postgres');
  const replicas: INestApplication[] = [];
  for (let i = 0; i < options.replicas; i++) replicas.push(await startReplica(db, emulator, clientSecret, options, i));
  const secrets = async () => {
    const { tokens, links } = await emulator.report();
    return [clientSecret, ...tokens, ...links.flat()];
  };
  return {
    replicas,
    emulator,
    db,
    dataSource: replicas[0].get<DataSource>(getDataSourceToken()),
    logs,
    secrets,
    close: async () => {
      ledger.record(await secrets());
      for (const app of replicas) await app.close();
      await emulator.stop();
      await db.drop();
      logs.stop();
    },
  };
}

async function startReplica(
  db: TestDatabase,
  emulator: RemoteEmulator,
  clientSecret: string,
  options: TestFleetOptions,
  index: number,
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({
        ...db.options,
        entities: nomosPortalEntities,
        migrations: nomosPortalMigrations,
        migrationsRun: index === 0,
      }),
      NomosPortalModule.forRoot({
        sso: 'none',
        nomos: {
          baseUrl: emulator.apiUrl,
          clientId: 'fleet-test',
          clientSecret,
          timeoutMs: 2000,
          retryBaseDelayMs: 20,
          retryMaxDelayMs: 100,
          ...options.nomos,
        },
        portal: { allowedLinkHosts: ['*.customerportal.localhost'], loginPath: '/auth/saml/login' },
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication();
  app.useLogger(new ConsoleLogger({ logLevels: ['error', 'warn', 'log', 'debug', 'verbose'] }));
  app.use((request: Request & { user?: unknown }, _response: Response, next: NextFunction) => {
    const id = request.get('x-test-user');
    if (id) request.user = { id };
    next();
  });
  await app.listen(0, '127.0.0.1');
  return app;
}
