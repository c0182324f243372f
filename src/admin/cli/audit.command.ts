import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { Command } from 'commander';
import type { DataSource } from 'typeorm';
import {
  AuditChainEntry,
  AuditChainService,
  MagicLinkAudit,
  readLastCheckpoint,
  resolveNomosPortalOptions,
  type AuditCheckpoint,
  type AuditVerifyReport,
} from '../../index.js';
import { AuditChainWriter } from '../../audit/audit-chain.writer.js';
import { resolveAuditOptions } from '../../audit/audit.options.js';
import { CLI_EXIT_CODES, CliUsageError } from './cli.errors.js';
import type { CliIo } from './cli-io.js';
import { writeLine } from './cli-io.js';
import { CONFIG_ENV, loadModuleOptions } from './config-file.js';
import { withDatabase } from './database-session.js';

interface VerifyFlags {
  checkpoint?: string;
  publicKey?: string;
  config?: string;
}

const absolute = (io: CliIo, file: string) => (isAbsolute(file) ? file : resolve(io.cwd, file));

/** The checkpoint to verify against and the key that checks its signature (`--public-key`, else the config's). */
async function checkpointAndKey(
  flags: VerifyFlags,
  io: CliIo,
): Promise<{ checkpoint?: AuditCheckpoint; key?: KeyObject }> {
  if (flags.checkpoint === undefined) return {};
  const path = absolute(io, flags.checkpoint);
  const checkpoint = await readLastCheckpoint(path).catch((error: NodeJS.ErrnoException) => {
    throw new CliUsageError(`--checkpoint ${path} cannot be read (${error.code ?? error.name})`);
  });
  if (!checkpoint) throw new CliUsageError(`--checkpoint ${path} holds no checkpoint`);
  if (flags.publicKey !== undefined) {
    const keyPath = absolute(io, flags.publicKey);
    try {
      return { checkpoint, key: createPublicKey(await readFile(keyPath, 'utf8')) };
    } catch {
      throw new CliUsageError(`--public-key ${keyPath} is not a readable PEM public key`);
    }
  }
  if (flags.config !== undefined || io.env[CONFIG_ENV]) {
    const { options } = await loadModuleOptions(flags.config, io.env, io.cwd);
    const key = resolveNomosPortalOptions(options).audit.publicKey;
    if (key) return { checkpoint, key };
  }
  throw new CliUsageError(
    '--checkpoint needs the key that signed it: pass --public-key <file> (or --config with audit.signingKey)',
  );
}

/** The report's lines: the verdict first, then where the chain stands. Never row content. */
export function verifyLines(report: AuditVerifyReport): string[] {
  const lines: string[] = [];
  const bad = report.firstBad;
  if (bad) {
    const where = [
      bad.seq === undefined ? undefined : `seq ${bad.seq}`,
      bad.auditId === undefined ? undefined : `audit row id ${bad.auditId}`,
    ]
      .filter(Boolean)
      .join(', ');
    lines.push(`audit verify: FAILED at ${where || 'the chain'}: ${bad.reason}: ${bad.message}`);
  } else if (!report.ok) {
    lines.push(`audit verify: FAILED: the checkpoint ${report.checkpoint?.status ?? 'did not match'}`);
  } else {
    lines.push(`audit verify: ok, ${report.rowsChecked} rows checked`);
  }
  lines.push(`chain: anchor seq ${report.anchor.seq}, head seq ${report.head.seq} (${report.head.hash.slice(0, 16)}…)`);
  if (report.checkpoint) {
    const { status, headSeq, time, keyId } = report.checkpoint;
    lines.push(`checkpoint: ${status} (head seq ${headSeq}, ${new Date(time).toISOString()}, key ${keyId})`);
  }
  return lines;
}

function chainService(dataSource: DataSource): AuditChainService {
  const rows = dataSource.getRepository(MagicLinkAudit);
  const entries = dataSource.getRepository(AuditChainEntry);
  // verify reads only; the writer and the default options are what the service's constructor needs.
  return new AuditChainService(rows, entries, new AuditChainWriter(rows, entries), resolveAuditOptions({}, 10_000));
}

/** `audit verify [--checkpoint FILE --public-key FILE]`: exit 1 when the chain is broken, naming the first bad row. */
export function addAuditCommand(
  program: Command,
  io: CliIo,
  dataSourceOption: () => string | undefined,
  setExitCode: (code: number) => void,
): void {
  const audit = program.command('audit').description('the audit trail');
  audit
    .command('verify')
    .description('check the audit hash chain (and the last signed checkpoint); names the first bad row')
    .option('--checkpoint <file>', 'checkpoint file written by the file sink (its last checkpoint is used)')
    .option('--public-key <file>', "PEM public key of audit.signingKey, to check the checkpoint's signature")
    .option('-c, --config <file>', 'module exporting the NomosPortalModuleOptions (for audit.signingKey)')
    .action(async (flags: VerifyFlags) => {
      const { checkpoint, key } = await checkpointAndKey(flags, io);
      await withDatabase(dataSourceOption(), io, async (dataSource) => {
        const report = await chainService(dataSource).verify({ checkpoint, publicKey: key });
        for (const line of verifyLines(report)) writeLine(io.out, line);
        if (!report.ok) setExitCode(CLI_EXIT_CODES.failed);
      });
    });
}
