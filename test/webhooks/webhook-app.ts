/**
 * A host app with the webhook receiver mounted (`webhookReceiver: 'nomos'`, `sso: 'none'`) on a fresh
 * database with the package's migrations, talking to a real Nomos emulator. Replicas share the
 * database and the emulator when given them.
 */
import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { ConsoleLogger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { nomosPortalMigrations } from '../../migrations/index.js';
import type { WebhookOptions } from '../../src/index.js';
import { NomosPortalModule, nomosPortalEntities, NomosWebhookEvent, WebhookEventProcessor } from '../../src/index.js';
import { NomosEmulator, testClientSecret } from '../../src/testing/index.js';
import type { DbKind, TestDatabase } from '../support/databases.js';
import { createTestDatabase } from '../support/databases.js';
import { recordSecretsForRunner } from '../support/log-capture.js';

/** The endpoint's secrets at Nomos (current, previous) and the host's signup reference secret. */
export const SIGNING_SECRET = `whsec_${randomBytes(18).toString('hex')}`;
export const PREVIOUS_SIGNING_SECRET = `whsec_${randomBytes(18).toString('hex')}`;
export const REFERENCE_SECRET = randomBytes(32).toString('base64url');

/** What {@link startWebhookApp} may vary. */
export interface WebhookAppOptions {
  /** `NestFactory.create(…, { rawBody })`. @default true */
  rawBody?: boolean;
  /** Raises the host's JSON parser limit (Nest's default is 100 KB), to reach the receiver's own bound. */
  jsonLimit?: string;
  webhooks?: Partial<WebhookOptions>;
  /** Share another replica's database and emulator. */
  shared?: { db: TestDatabase; emulator: NomosEmulator };
}

export interface WebhookTestApp {
  app: INestApplication;
  url: string;
  db: TestDatabase;
  emulator: NomosEmulator;
  dataSource: DataSource;
  processor: WebhookEventProcessor;
  /** Every stored event, by id. */
  events(): Promise<NomosWebhookEvent[]>;
  close(): Promise<void>;
}

export async function startWebhookApp(kind: DbKind, options: WebhookAppOptions = {}): Promise<WebhookTestApp> {
  const owned = options.shared === undefined;
  const emulator = options.shared?.emulator ?? new NomosEmulator({ clientSecret: testClientSecret(16) });
  if (owned) await emulator.start();
  const db = options.shared?.db ?? (await createTestDatabase(kind));
  recordSecretsForRunner([SIGNING_SECRET, PREVIOUS_SIGNING_SECRET, REFERENCE_SECRET]);

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
        controllers: false,
        webhookReceiver: 'nomos',
        nomos: {
          ...emulator.clientOptions(),
          timeoutMs: 2000,
          maxRetries: 1,
          retryBaseDelayMs: 10,
          // Injected Nomos faults in a row would open the breaker; test/pacing covers it.
          rateLimit: false,
          circuitBreaker: false,
        },
        webhooks: {
          signingSecrets: [SIGNING_SECRET, PREVIOUS_SIGNING_SECRET],
          signupReferenceSecrets: [REFERENCE_SECRET],
          // Sweeps run when a test says so; a failed event is due again at once.
          sweepIntervalMs: 0,
          retryDelayMs: 0,
          ...options.webhooks,
        },
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ rawBody: options.rawBody ?? true });
  app.useLogger(new ConsoleLogger({ logLevels: ['error', 'warn', 'log'] }));
  if (options.jsonLimit) app.useBodyParser('json', { limit: options.jsonLimit });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const dataSource = app.get<DataSource>(getDataSourceToken());
  const processor = app.get(WebhookEventProcessor);
  return {
    app,
    url: `http://127.0.0.1:${address.port}/portal/nomos/webhooks`,
    db,
    emulator,
    dataSource,
    processor,
    events: () => dataSource.getRepository(NomosWebhookEvent).find({ order: { receivedAt: 'ASC', id: 'ASC' } }),
    close: async () => {
      await processor.settled();
      await app.close();
      if (owned) {
        await emulator.stop();
        await db.drop();
      }
    },
  };
}
