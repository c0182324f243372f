// The whole-run log check's search: every registered secret is looked for in the run's output in
// the forms a leak actually takes, not only verbatim. Plain ESM with no dependencies so the
// runner's own tests can call it directly (test/runner/).

/** Any WINDOW characters of a token at least WINDOWED_FROM long (or of its encodings) count as a leak. */
export const WINDOW = 16;
export const WINDOWED_FROM = 24;
/** Values shorter than this are not searched (too likely to occur by chance). */
export const MIN_SECRET = 8;
/** Longer tokens (SAMLResponse bodies) are searched whole and encoded, not window by window. */
const MAX_WINDOWED = 512;
/** The output is sampled every BLOCK characters; any match of at least 2 × BLOCK - 1 holds a sample. */
const BLOCK = 8;
/** Offsets into a form stay below this (windowed tokens are at most MAX_WINDOWED long, encoded ≤ 9×). */
const REF = 8192;

const formEncode = (s) => encodeURIComponent(s).replace(/%20/g, '+');
const toBase64Url = (b64) => b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/**
 * Base64 of `s` as it appears inside the base64 of ANY longer text containing `s` (a Basic header's
 * `id:secret`, a JSON blob, ...): for each of the three byte alignments, the encoding of the part of
 * `s` that starts on a 3-byte boundary, cut to whole 3-byte groups so no padding or neighbour
 * byte enters it.
 */
export function alignedBase64(s) {
  const bytes = Buffer.from(s, 'utf8');
  const out = [];
  for (let a = 0; a < 3; a += 1) {
    const end = a + Math.floor((bytes.length - a) / 3) * 3;
    if (end - a >= 6) out.push(bytes.subarray(a, end).toString('base64'));
  }
  return out;
}

/**
 * The high-entropy parts of a value: the value itself when it has no URL/cookie delimiters, else
 * its delimiter-separated parts of at least WINDOW characters (the token in a link, the id in a
 * signed cookie). Windows are cut only from these, never from a link's public host or path.
 */
export function tokensOf(value) {
  if (value.length > MAX_WINDOWED) return [];
  if (!/[/?&=#:;,@.\s]/.test(value)) return [value];
  return value.split(/[/?&=#:;,@.\s]+/).filter((part) => part.length >= WINDOWED_FROM);
}

/**
 * Every encoding of `text` searched: as is, URL/form-encoded (once and twice), base64 and base64url
 * at each alignment. A SAMLResponse body (already base64, kilobytes long) only as is and URL/form-encoded.
 */
export function encodingsOf(text) {
  if (text.length > MAX_WINDOWED) return [...new Set([text, encodeURIComponent(text), formEncode(text)])];
  const plain = new Set([
    text,
    encodeURIComponent(text),
    formEncode(text),
    encodeURIComponent(encodeURIComponent(text)),
  ]);
  const forms = new Set(plain);
  for (const p of plain) {
    for (const b64 of alignedBase64(p)) forms.add(b64).add(toBase64Url(b64));
  }
  return [...forms];
}

/**
 * Compiles the needles for `secrets` (value → label). Output is sampled every BLOCK characters and
 * the sample looked up in one index of BLOCK-grams:
 * - a whole form (the value or an encoding of it) occurs at p ⇒ some sample lies at an offset
 *   from..from+BLOCK-1 into it, so the grams at those offsets are indexed, verified with `startsWith`;
 * - a WINDOW-long window of a token form occurs ⇒ a sample lies wholly inside it, so every gram of
 *   the token form is indexed and a hit is extended both ways to measure the common run.
 * Whole forms shorter than 2 × BLOCK - 1 (short secrets) are searched with `includes`.
 */
export function compileNeedles(secrets) {
  const entries = [];
  const forms = [];
  const grams = new Map();
  const short = [];
  // A gram maps to one ref (form number × REF + offset) or, rarely, an array of them.
  const index = (gram, f, o) => {
    const ref = f * REF + o;
    const at = grams.get(gram);
    if (at === undefined) grams.set(gram, ref);
    else if (typeof at === 'number') grams.set(gram, [at, ref]);
    else at.push(ref);
  };
  for (const [value, label] of secrets) {
    if (value.length < MIN_SECRET) continue;
    const entry = entries.push({ value, label }) - 1;
    const tokens = tokensOf(value).filter((token) => token.length >= WINDOWED_FROM);
    // Every encoding of a value holds the same encoding of its tokens, so a value with a long
    // token is found through the token's windows alone (a link's shared public prefix would
    // otherwise make every sample of a logged URL check thousands of links).
    for (const token of tokens) {
      for (const form of encodingsOf(token)) {
        const f = forms.push({ form, entry, whole: false }) - 1;
        for (let o = 0; o + BLOCK <= form.length; o += 1) index(form.slice(o, o + BLOCK), f, o);
      }
    }
    if (tokens.length) continue;
    for (const form of encodingsOf(value)) {
      if (form.length < 2 * BLOCK - 1) {
        short.push([form, entry]);
        continue;
      }
      // Grams from the middle: a SAMLResponse body's opening is the same in every one.
      const f = forms.push({ form, entry, whole: true }) - 1;
      const from = Math.floor((form.length - (2 * BLOCK - 1)) / 2);
      for (let o = from; o < from + BLOCK; o += 1) index(form.slice(o, o + BLOCK), f, o);
    }
  }
  return { entries, forms, grams, short };
}

/** Length of the common run of `output` at `i` and `form` at `o`, counted both ways from there. */
function commonRun(output, i, form, o) {
  let left = 0;
  while (o - left > 0 && i - left > 0 && output[i - left - 1] === form[o - left - 1]) left += 1;
  let right = 0;
  while (o + right < form.length && i + right < output.length && output[i + right] === form[o + right]) right += 1;
  return left + right;
}

/**
 * The registered secrets (value → label, or their compiled needles) found in `output`, each once, with
 * how it was found (`whole`: the value or an encoding of it; `window`: WINDOW characters of a token or
 * of an encoding of one).
 */
export function findLeaks(output, secrets) {
  const { entries, forms, grams, short } = secrets instanceof Map ? compileNeedles(secrets) : secrets;
  const found = new Map();
  const hit = (entry, how) => found.has(entry) || found.set(entry, { ...entries[entry], form: how });
  for (const [form, entry] of short) if (!found.has(entry) && output.includes(form)) hit(entry, 'whole');
  for (let i = 0; i + BLOCK <= output.length; i += BLOCK) {
    const at = grams.get(output.slice(i, i + BLOCK));
    if (at === undefined) continue;
    for (const ref of typeof at === 'number' ? [at] : at) {
      const o = ref % REF;
      const { form, entry, whole } = forms[(ref - o) / REF];
      if (found.has(entry)) continue;
      if (whole ? output.startsWith(form, i - o) : commonRun(output, i, form, o) >= WINDOW)
        hit(entry, whole ? 'whole' : 'window');
    }
  }
  return [...found.values()];
}
