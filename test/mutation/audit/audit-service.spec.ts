// Found by `npm run test:mutation`: which step of the audit failed is in the message (and nothing
// else), and ids are checked before the database is asked.
import type { DataSource } from 'typeorm';
import { migratedMemoryDataSource } from '../memory-database.js';
import { AuditService, AuditWriteError, MagicLinkAudit } from '../../../src/audit/index.js';

describe('AuditService messages (SQLite, migrated schema)', () => {
  let dataSource: DataSource;
  let audit: AuditService;
  const messageOf = (work: Promise<unknown>) =>
    work.then(
      () => {
        throw new Error('expected a refusal');
      },
      (error: unknown) => {
        expect(error).toBeInstanceOf(AuditWriteError);
        return (error as Error).message;
      },
    );

  beforeEach(async () => {
    dataSource = await migratedMemoryDataSource([MagicLinkAudit]);
    audit = new AuditService(dataSource.getRepository(MagicLinkAudit));
  });
  afterEach(() => dataSource.destroy());

  const done = { outcome: 'failed', errorCode: 'X', mintAttempts: 1, durationMs: 1 } as const;

  it('refuses ids that are not positive safe integers before any query', async () => {
    for (const id of [0, -1, 1.5, Number.MAX_SAFE_INTEGER + 2]) {
      expect(await messageOf(audit.complete(id, done))).toBe('Audit completion refused: id must be a positive integer');
      expect(await messageOf(audit.abandon(id))).toBe('Audit abandon refused: id must be a positive integer');
    }
  });

  it('says when there is no row in the state the step needs', async () => {
    expect(await messageOf(audit.complete(99, done))).toBe(
      'Audit completion failed: no pending audit row with this id',
    );
    expect(await messageOf(audit.abandon(99))).toBe('Audit abandon failed: no issued audit row with this id');
  });

  it('names the step the database rejected', async () => {
    const row = await audit.begin({ channel: 'json' });
    await audit.complete(row.id, { ...done, outcome: 'issued' });
    await dataSource.query('DROP TABLE "nomos_magic_link_audit"');
    expect(await messageOf(audit.begin({ channel: 'json' }))).toBe(
      'Audit begin failed: the database rejected the write',
    );
    expect(await messageOf(audit.record({ channel: 'json', ...done }))).toBe(
      'Audit record failed: the database rejected the write',
    );
    expect(await messageOf(audit.complete(row.id, done))).toBe(
      'Audit complete failed: the database rejected the write',
    );
    expect(await messageOf(audit.abandon(row.id))).toBe('Audit abandon failed: the database rejected the write');
  });
});
