import type { Command } from 'commander';
import type { DataSource } from 'typeorm';
import {
  CustomerLink,
  CustomerLinkConflictError,
  CustomerLinkService,
  InvalidCustomerLinkError,
  logValue,
} from '../../index.js';
import { CliFailure, CliUsageError } from './cli.errors.js';
import type { CliIo } from './cli-io.js';
import { writeLine } from './cli-io.js';
import { withDatabase } from './database-session.js';

/** How the link history records a change made here: an admin at the command line. */
export const CLI_CHANGE = { actor: { type: 'admin', id: 'cli' }, channel: 'cli' } as const;

function service(dataSource: DataSource): CustomerLinkService {
  // Every call names the issuer, so the service's default issuer is never used.
  return new CustomerLinkService(dataSource.getRepository(CustomerLink), { issuer: 'cli' });
}

/** A person for a message: values from the command line, rendered so they cannot forge a line. */
function person(issuer: string, subject: string): string {
  return `${logValue(issuer)} ${logValue(subject)}`;
}

/** Refusals of the mapping become the CLI's: malformed input is a usage error, a conflict a failure. */
function refusal(error: unknown): never {
  if (error instanceof InvalidCustomerLinkError) throw new CliUsageError(`${error.field}: ${error.message}`);
  if (error instanceof CustomerLinkConflictError) {
    throw new CliFailure(`${error.message} (linked to ${logValue(error.existingCustomerId)} now)`);
  }
  throw error;
}

/** `link <issuer> <subject> <customerId>` and `unlink <issuer> <subject>`, through the mapping service. */
export function addLinkCommands(program: Command, io: CliIo, dataSourceOption: () => string | undefined): void {
  program
    .command('link')
    .description('link a person (IdP issuer + subject) to a Nomos customer; recorded in the link history')
    .argument('<issuer>', "the IdP's entity id")
    .argument('<subject>', 'the immutable id the IdP gives the person')
    .argument('<customerId>', 'the Nomos customer id')
    .action(async (issuer: string, subject: string, customerId: string) => {
      await withDatabase(dataSourceOption(), io, async (dataSource) => {
        const links = service(dataSource);
        const before = await links.findByUser({ issuer, subject }).catch(refusal);
        const link = await links
          .link({ issuer, subject }, customerId, { ...CLI_CHANGE, createdBy: 'cli' })
          .catch(refusal);
        const what = before ? 'already linked' : 'linked';
        writeLine(io.out, `${what}: ${person(issuer, subject)} → ${logValue(link.customerId)}`);
      });
    });

  program
    .command('unlink')
    .description("remove a person's link to their Nomos customer; recorded in the link history")
    .argument('<issuer>', "the IdP's entity id")
    .argument('<subject>', 'the immutable id the IdP gives the person')
    .action(async (issuer: string, subject: string) => {
      await withDatabase(dataSourceOption(), io, async (dataSource) => {
        const removed = await service(dataSource).unlink({ issuer, subject }, CLI_CHANGE).catch(refusal);
        // Unlinking someone who has no link leaves the state asked for: not a failure (scripts re-run).
        writeLine(io.out, `${removed ? 'unlinked' : 'not linked, nothing to do'}: ${person(issuer, subject)}`);
      });
    });
}
