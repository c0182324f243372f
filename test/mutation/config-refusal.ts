import { NomosPortalConfigError } from '../../src/errors/index.js';

/** The message of the config error `resolve(options, path)` throws; fails the test when it accepts them. */
export function refusalOf<O>(resolve: (options: O, path?: string) => unknown, options: unknown, path?: string): string {
  try {
    resolve(options as O, path);
  } catch (error) {
    expect(error).toBeInstanceOf(NomosPortalConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}
