import { NomosPortalConfigError } from '../errors/index.js';
import { envNameOf } from './env-names.js';

/**
 * How configuration errors name an option: its path, then the environment variable that can set it
 * when there is one, e.g. `saml.acceptedClockSkewMs (SAML_CLOCK_SKEW_MS)`. The variable is named
 * even when the value came from the options object: the operator may not know which one the app uses.
 */
export function optionLabel(path: string): string {
  const env = envNameOf(path);
  return env === undefined ? path : `${path} (${env})`;
}

/** The start-up error for one option: `<path> (<ENV>) <problem>`. */
export function optionError(path: string, problem: string): NomosPortalConfigError {
  return new NomosPortalConfigError(`${optionLabel(path)} ${problem}`);
}

/**
 * Checks for the options under one path prefix (`nomos`, `saml.session`, …), each failing with
 * {@link optionError}. Checks take the value as given: applying the default first is the caller's
 * choice, since sections differ on whether `null` means "unset". Messages never quote the value,
 * which may be a secret.
 */
export class OptionChecks {
  constructor(readonly prefix: string) {}

  /** The full path of `key`, e.g. `saml.session` + `secret` → `saml.session.secret`. */
  path(key: string): string {
    return `${this.prefix}.${key}`;
  }

  /** The checks of a nested section. */
  nested(key: string): OptionChecks {
    return new OptionChecks(this.path(key));
  }

  /** @throws NomosPortalConfigError naming `key` */
  fail(key: string, problem: string): never {
    throw optionError(this.path(key), problem);
  }

  /** @throws NomosPortalConfigError naming the section itself, e.g. `saml.session is required` */
  failSection(problem: string): never {
    throw optionError(this.prefix, problem);
  }

  /** A non-empty string, trimmed. */
  text(value: unknown, key: string): string {
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : this.fail(key, 'is required');
  }

  /**
   * An integer from `min` to `max`; `what` describes the allowed values in the message. A string of
   * digits counts as its number (see {@link fromNumericText}), then the same range applies.
   */
  integer(
    value: unknown,
    key: string,
    min: number,
    max: number,
    what = `a whole number from ${min} to ${max}`,
  ): number {
    const number = fromNumericText(value);
    return typeof number === 'number' && Number.isInteger(number) && number >= min && number <= max
      ? number
      : this.fail(key, `must be ${what}`);
  }

  /** A whole number from 1 to `max` (0 is told apart: "must be positive"). */
  positive(value: unknown, key: string, max: number): number {
    return this.integer(value, key, 0, max) || this.fail(key, 'must be positive');
  }

  /** `true` or `false`, or the text `'true'` / `'false'` (see {@link fromFlagText}). */
  flag(value: unknown, key: string): boolean {
    const flag = fromFlagText(value);
    return typeof flag === 'boolean' ? flag : this.fail(key, 'must be true or false');
  }

  /** An array of non-empty strings (a copy). */
  strings(value: unknown, key: string): string[] {
    return Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '')
      ? [...(value as string[])]
      : this.fail(key, 'must be an array of non-empty strings');
  }

  /** `undefined`, or a function; `what` says what it must do. */
  optionalFunction<T>(value: T | undefined, key: string, what: string): T | undefined {
    return value === undefined || typeof value === 'function' ? value : this.fail(key, `must be ${what}`);
  }
}

// Hosts read settings with ConfigService or process.env, which hold only strings: a number or flag
// option accepts the text an environment variable would hold for it (the env readers' own rule),
// and the checks that follow are the same as for a real number or boolean.

/** `'5000'` (digits, blanks around allowed) → `5000`; anything else is returned unchanged. */
export function fromNumericText(value: unknown): unknown {
  return typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
}

/** `'true'` / `'false'` (any case, blanks around allowed) → the boolean; anything else unchanged. */
export function fromFlagText(value: unknown): unknown {
  const text = typeof value === 'string' ? value.trim().toLowerCase() : undefined;
  return text === 'true' ? true : text === 'false' ? false : value;
}
