// The chain inside a real app: the module wires it, mints through /portal (against the Nomos
// emulator) are chained, start-up reconciliation settles what a crashed replica left pending, the
// checkpoint timer writes to a file, an HTTP endpoint and the log, and shutdown stops the timers.
import { once } from 'node:events';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { ConsoleLogger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { AuditChainService, CustomerLinkService, MagicLinkAudit, NomosPortalModule } from '../../src/index.js';
import { nomosPortalEntities, readLastCheckpoint } from '../../src/index.js';
import type { AuditCheckpoint } from '../../src/index.js';
import { NomosEmulator, testClientSecret } from '../../src/testing/index.js';
import { createTestDatabase, describeEachDb } from '../support/databases.js';
import type { TestDatabase } from '../support/databases.js';
import { LogCapture, ledgerSource } from '../support/log-capture.js';
import { CUSTOMERS } from '../support/portal-app.js';
import { keys } from './chain-fixture.js';

const until = async (check: () => Promise<boolean>, ms = 5000) => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 25))) {
    if (await check()) return;
  }
  throw new Error('condition not met in time');
};

describeEachDb('audit hash chain in the module', (kind) => {
  const logs = new LogCapture();
  const ledger = ledgerSource('the audit chain module suite');
  const clientSecret = testClientSecret(16);
  const emulator = new NomosEmulator({ clientId: 'chain-test', clientSecret, customers: CUSTOMERS });
  const posted: AuditCheckpoint[] = [];
  let sink: Server;
  let db: TestDatabase;
  let dir: string;
  let app: INestApplication;
  let staleId: number;

  beforeAll(async () => {
    logs.start();
    ledger.expect('credential');
    await emulator.start();
    sink = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        posted.push(JSON.parse(body) as AuditCheckpoint);
        res.writeHead(204).end();
      });
    });
    sink.listen(0, '127.0.0.1');
    await once(sink, 'listening');
    dir = await mkdtemp(join(tmpdir(), 'nomos-audit-chain-'));
    db = await createTestDatabase(kind);
    // A replica died mid-mint an hour ago: its row is still pending.
    const seed = new DataSource({ ...db.options, entities: nomosPortalEntities, migrations: nomosPortalMigrations });
    await seed.initialize();
    await seed.runMigrations();
    const rows = seed.getRepository(MagicLinkAudit);
    const stale = rows.create({
      createdAt: new Date(Date.now() - 3_600_000),
      outcome: 'pending',
      channel: 'redirect',
      userId: 'gone',
    });
    await rows.insert(stale);
    staleId = stale.id;
    await seed.destroy();

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
          nomos: { baseUrl: emulator.apiUrl, clientId: 'chain-test', clientSecret, timeoutMs: 1000 },
          portal: { allowedLinkHosts: ['*.customerportal.localhost'], loginPath: '/login' },
          audit: {
            signingKey: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
            checkpointSinks: [
              { file: join(dir, 'checkpoints.jsonl') },
              { url: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/cp` },
              'log',
            ],
            checkpointEveryMs: 100,
          },
        }),
      ],
    }).compile();
    app = moduleRef.createNestApplication();
    app.useLogger(new ConsoleLogger({ logLevels: ['error', 'warn', 'log'] }));
    app.use((req: Request & { user?: unknown }, _res: Response, next: NextFunction) => {
      if (req.get('x-test-user')) req.user = { id: req.get('x-test-user') };
      next();
    });
    await app.listen(0, '127.0.0.1');
    await app.get(CustomerLinkService).link('alice', CUSTOMERS[0].id, { source: 'manual', createdBy: 'test' });
  });

  afterAll(async () => {
    ledger.record([
      clientSecret,
      ...emulator.issuedTokens(),
      ...emulator.issuedLinks().flatMap((l) => [l.link, l.tokenHash]),
    ]);
    await app?.close();
    await emulator.stop();
    sink?.close();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
    logs.stop();
  });

  it('reconciles at start-up, chains every mint, and checkpoints to each sink', async () => {
    const rows = app.get(DataSource).getRepository(MagicLinkAudit);
    expect(await rows.findOneByOrFail({ id: staleId })).toMatchObject({
      outcome: 'abandoned',
      errorCode: 'PENDING_EXPIRED',
    });
    for (let i = 0; i < 4; i++) {
      await request(app.getHttpServer())
        .get('/portal')
        .set('x-test-user', 'alice')
        .set('accept', 'text/html')
        .expect(302);
    }
    const file = join(dir, 'checkpoints.jsonl');
    await until(async () => (await readLastCheckpoint(file).catch(() => undefined))?.headSeq === 5);
    const checkpoint = (await readLastCheckpoint(file))!;
    const chain = app.get(AuditChainService);
    const publicPem = keys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
    expect(await chain.verify({ checkpoint, publicKey: publicPem })).toMatchObject({
      ok: true,
      rowsChecked: 5,
      checkpoint: { status: 'matched', headSeq: 5 },
    });
    await until(async () => posted.some((c) => c.headSeq === 5));
    expect(posted.find((c) => c.headSeq === 5)).toEqual(checkpoint);
    expect(logs.text).toContain(`"event":"nomos.audit.checkpoint"`);
    expect(logs.text).toContain(checkpoint.signature);
    // The head did not move: the timer writes no new checkpoint.
    const lines = (await readFile(file, 'utf8')).trim().split('\n').length;
    await new Promise((r) => setTimeout(r, 350));
    expect((await readFile(file, 'utf8')).trim().split('\n').length).toBe(lines);
    expect(logs.leaks(emulator.issuedLinks().map((l) => l.link))).toEqual([]);
  });

  it('stops its timers when the app closes', async () => {
    const file = join(dir, 'checkpoints.jsonl');
    const before = await readFile(file, 'utf8');
    await app.close();
    await new Promise((r) => setTimeout(r, 350));
    expect(await readFile(file, 'utf8')).toBe(before);
    // A timer still running over the closed DataSource would log its failure.
    expect(logs.text).not.toMatch(/Audit (checkpoint|reconcile) failed/);
  });
});
