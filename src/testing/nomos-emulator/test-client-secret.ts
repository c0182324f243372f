import { randomBytes } from 'node:crypto';

/**
 * Characters that RFC 6749 §2.3.1's form-encoding changes (`+ / = : % &` and a space): every test
 * client secret carries them, so a client that skips the encoding fails against the strict emulator.
 */
export const RESERVED_SECRET_CHARACTERS = '+/=:% &';

/**
 * A fresh random client secret for a test app: `sec_<hex>` with {@link RESERVED_SECRET_CHARACTERS}
 * in the middle (`%4` followed by hex would also be readable as percent-encoding, and so it is: the
 * raw secret must still never be percent-decoded).
 * @param bytes random bytes, hex-encoded around the reserved characters @default 16
 */
export function testClientSecret(bytes = 16): string {
  const hex = randomBytes(bytes).toString('hex');
  const half = Math.floor(hex.length / 2);
  return `sec_${hex.slice(0, half)}${RESERVED_SECRET_CHARACTERS}41${hex.slice(half)}`;
}
