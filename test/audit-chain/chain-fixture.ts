import { generateKeyPairSync } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { AuditChainWriter } from '../../src/audit/audit-chain.writer.js';
import type { AuditOptions } from '../../src/audit/audit.options.js';
import { resolveAuditOptions } from '../../src/audit/audit.options.js';
import { AuditChainEntry, AuditChainService, AuditService, MagicLinkAudit } from '../../src/index.js';
import type { AuditCheckpoint, AuditCheckpointSink } from '../../src/index.js';
import type { DbKind, TestDataSource } from '../support/databases.js';
import { openTestDataSource } from '../support/databases.js';

/** A sink that keeps what it was given, to read the last checkpoint back. */
export class MemorySink implements AuditCheckpointSink {
  readonly name = 'memory';
  readonly written: AuditCheckpoint[] = [];
  async write(checkpoint: AuditCheckpoint): Promise<void> {
    this.written.push(checkpoint);
  }
  get last(): AuditCheckpoint {
    return this.written[this.written.length - 1];
  }
}

/** The audit services of one replica, wired by hand over a DataSource as the module wires them. */
export interface ChainReplica {
  dataSource: DataSource;
  audit: AuditService;
  chain: AuditChainService;
  writer: AuditChainWriter;
  sink: MemorySink;
}

export const keys = generateKeyPairSync('ed25519');

export function replicaOn(dataSource: DataSource, options: AuditOptions = {}): ChainReplica {
  const rows = dataSource.getRepository(MagicLinkAudit);
  const entries = dataSource.getRepository(AuditChainEntry);
  const writer = new AuditChainWriter(rows, entries);
  const sink = new MemorySink();
  const resolved = resolveAuditOptions({ signingKey: keys.privateKey, checkpointSinks: [sink], ...options }, 10_000);
  return {
    dataSource,
    audit: new AuditService(rows, writer),
    chain: new AuditChainService(rows, entries, writer, resolved),
    writer,
    sink,
  };
}

/** A fresh migrated database with one replica on it. */
export async function openChain(kind: DbKind, options?: AuditOptions): Promise<TestDataSource & ChainReplica> {
  const t = await openTestDataSource(kind, {
    entities: [MagicLinkAudit, AuditChainEntry],
    migrations: nomosPortalMigrations,
  });
  return { ...t, ...replicaOn(t.dataSource, options) };
}

const FINGERPRINT = 'b'.repeat(64);

/** One request the way MagicLinkService audits it: begin, then complete (issued). @returns the row id */
export async function mint(audit: AuditService, n: number): Promise<number> {
  const row = await audit.begin({
    userId: `user-${n}`,
    issuer: 'https://idp.example',
    customerId: `cus_${n}`,
    channel: 'redirect',
  });
  await audit.complete(row.id, {
    outcome: 'issued',
    linkFingerprint: FINGERPRINT,
    linkHost: 'acme.customerportal.energy',
    nomosRequestId: `req_${n}`,
    mintAttempts: 1,
    durationMs: 12,
  });
  return row.id;
}

/** A raw statement with `?` placeholders on both engines. */
export function sql(dataSource: DataSource, text: string, params: unknown[] = []): Promise<unknown> {
  let i = 0;
  const query = dataSource.options.type === 'postgres' ? text.replace(/\?/g, () => `$${++i}`) : text;
  return dataSource.query(query, params);
}
