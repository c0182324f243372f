import { InvalidCustomerLinkError } from '../../../src/customer-links/customer-link.errors.js';

/** The field and message `run` refuses with, failing the test when it throws anything else or nothing. */
export function refusal(run: () => unknown): [string | undefined, string] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidCustomerLinkError);
    return [(error as InvalidCustomerLinkError).field, (error as Error).message];
  }
  throw new Error('expected a refusal');
}
