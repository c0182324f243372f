// The audit chain over a migrated in-memory SQLite database, wired by `createAuditChain` as a host
// script would, plus what an attacker with database access does (forge or rehash entries).
import { generateKeyPairSync } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import { ConsoleLogger, Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { Repository } from 'typeorm';
import { migratedMemoryDataSource } from '../memory-database.js';
import { entryHash } from '../../../src/audit/audit-canonical.js';
import { AuditChainWriter } from '../../../src/audit/audit-chain.writer.js';
import type { AuditOptions, ResolvedAuditOptions } from '../../../src/audit/audit.options.js';
import { resolveAuditOptions } from '../../../src/audit/audit.options.js';
import type { AuditCheckpoint, AuditCheckpointSink } from '../../../src/index.js';
import { AuditChainEntry, AuditChainService, AuditService, MagicLinkAudit } from '../../../src/index.js';

export const keys = generateKeyPairSync('ed25519');
export const otherKeys = generateKeyPairSync('ed25519');
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A sink that keeps what it was given; `fail` makes it reject, `delayMs` makes it slow. */
export class MemorySink implements AuditCheckpointSink {
  readonly written: AuditCheckpoint[] = [];
  fail = false;
  delayMs = 0;
  constructor(readonly name = 'memory') {}
  async write(checkpoint: AuditCheckpoint): Promise<void> {
    if (this.delayMs) await sleep(this.delayMs);
    if (this.fail) throw new Error(`${this.name} is down`);
    this.written.push(checkpoint);
  }
  get last(): AuditCheckpoint {
    return this.written[this.written.length - 1];
  }
}

export interface ChainDb {
  dataSource: DataSource;
  rows: Repository<MagicLinkAudit>;
  entries: Repository<AuditChainEntry>;
  writer: AuditChainWriter;
  audit: AuditService;
  chain: AuditChainService;
  sink: MemorySink;
  options: ResolvedAuditOptions;
  close(): Promise<void>;
}

/**
 * A fresh migrated database with the chain on it. `signed` (default) adds the test key and a
 * memory sink; `resolved` replaces the resolved options outright (for shapes `resolveAuditOptions`
 * never produces).
 */
export async function openChainDb(
  options: AuditOptions = {},
  { signed = true, resolved }: { signed?: boolean; resolved?: ResolvedAuditOptions } = {},
): Promise<ChainDb> {
  const dataSource = await migratedMemoryDataSource([MagicLinkAudit, AuditChainEntry]);
  const sink = new MemorySink();
  const rows = dataSource.getRepository(MagicLinkAudit);
  const entries = dataSource.getRepository(AuditChainEntry);
  const writer = new AuditChainWriter(rows, entries);
  const base: AuditOptions = signed ? { signingKey: keys.privateKey, checkpointSinks: [sink] } : {};
  const opts = resolved ?? resolveAuditOptions({ ...base, ...options }, 10_000);
  return {
    dataSource,
    rows,
    entries,
    writer,
    audit: new AuditService(rows, writer),
    chain: new AuditChainService(rows, entries, writer, opts),
    sink,
    options: opts,
    close: () => dataSource.destroy(),
  };
}

/** One request as the magic-link service audits it: begin, then complete as issued. @returns the row id */
export async function mint(audit: AuditService, n: number): Promise<number> {
  const row = await audit.begin({ userId: `user-${n}`, issuer: 'https://idp.example', channel: 'redirect' });
  await audit.complete(row.id, {
    outcome: 'issued',
    linkFingerprint: 'b'.repeat(64),
    linkHost: 'acme.customerportal.energy',
    nomosRequestId: `req_${n}`,
    mintAttempts: 1,
    durationMs: 12,
  });
  return row.id;
}

/** Inserts an audit row with no chain entry. @returns its id */
export async function insertRow(db: ChainDb, values: Partial<MagicLinkAudit> = {}): Promise<number> {
  const at = values.createdAt ?? new Date();
  const row = db.rows.create({
    createdAt: at,
    completedAt: at,
    channel: 'json',
    outcome: 'denied',
    errorCode: 'X',
    mintAttempts: 0,
    durationMs: 0,
    ...values,
  });
  await db.rows.insert(row);
  return row.id;
}

/** Appends an entry with a correct hash over the row as stored, as someone who knows the format would. */
export async function forgeEntry(
  db: ChainDb,
  auditId: number,
  kind: 'complete' | 'abandon',
  outcome: MagicLinkAudit['outcome'],
  createdAt = new Date(),
): Promise<AuditChainEntry> {
  const head = await db.writer.head();
  const row = await db.rows.findOneByOrFail({ id: auditId });
  const at = new Date(createdAt.getTime());
  const seq = head.seq + 1;
  const rowHash = entryHash(head.hash, { seq, kind, createdAt: at, outcome }, row);
  const entry = { seq, kind, auditId, outcome, prevHash: head.hash, rowHash, createdAt: at };
  await db.entries.insert(entry);
  return db.entries.findOneByOrFail({ seq });
}

/** Recomputes every entry's hash from `seq` on, after the rows were rewritten. */
export async function rehashFrom(db: ChainDb, seq: number): Promise<void> {
  let prev = (await db.entries.findOneByOrFail({ seq: seq - 1 })).rowHash;
  for (const entry of await db.entries.find({ order: { seq: 'ASC' } })) {
    if (entry.seq < seq) continue;
    const row = await db.rows.findOneByOrFail({ id: entry.auditId! });
    const canonical = {
      seq: entry.seq,
      kind: entry.kind as 'complete',
      createdAt: entry.createdAt,
      outcome: entry.outcome!,
    };
    const hash = entryHash(prev, canonical, row);
    await db.entries.update({ seq: entry.seq }, { prevHash: prev, rowHash: hash });
    prev = hash;
  }
}

export async function hashOf(db: ChainDb, seq: number): Promise<string> {
  return (await db.entries.findOneByOrFail({ seq })).rowHash;
}

/** What the chain's Nest loggers said, as `[level, message, context]`. */
export function captureLogs(): { lines: Array<[string, string, unknown]>; restore(): void } {
  const lines: Array<[string, string, unknown]> = [];
  const record =
    (level: string) =>
    (message: unknown, ...rest: unknown[]) =>
      lines.push([level, String(message), rest[rest.length - 1]]);
  const logger: LoggerService = {
    log: record('log'),
    error: record('error'),
    warn: record('warn'),
    debug: record('debug'),
    verbose: record('verbose'),
  };
  Logger.overrideLogger(logger);
  return { lines, restore: () => Logger.overrideLogger(new ConsoleLogger()) };
}

/** Polls `check` until it holds (a real wait, for timer-driven work); fails after `ms`. */
export async function until(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not reached');
    await sleep(10);
  }
}
