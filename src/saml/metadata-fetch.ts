import { rootCertificates } from 'node:tls';
import { Agent, buildConnector, request } from 'undici';
import type { LookupFunction } from './metadata-address.js';
import { guardedLookup, isRefusedAddress, RefusedAddressError } from './metadata-address.js';
import type { ResolvedIdpMetadataUrl } from './metadata-url.options.js';

/** What the last answer said, for a conditional request next time. */
export interface MetadataValidators {
  etag?: string;
  lastModified?: string;
}

/** A fetch's outcome: the document (with its validators), or "unchanged" after a 304. */
export type MetadataFetchResult = { changed: false } | { changed: true; xml: string; validators: MetadataValidators };

/** Why a metadata fetch failed, in words safe to log (no document content). */
export class MetadataFetchError extends Error {}

/**
 * GETs the metadata document: no redirects followed, every connection checked by the SSRF guard
 * (the name's addresses before connecting, the peer's address after), the answer capped in size
 * and time. Sends `If-None-Match` / `If-Modified-Since` when the last answer had validators.
 * @param lookup resolver for the guard (tests resolve a name to a private address) @default dns.lookup
 * @throws MetadataFetchError
 */
export async function fetchMetadata(
  source: ResolvedIdpMetadataUrl,
  validators: MetadataValidators = {},
  lookup?: LookupFunction,
): Promise<MetadataFetchResult> {
  const agent = new Agent({
    connect: guardedConnector(source, lookup),
    headersTimeout: source.timeoutMs,
    bodyTimeout: source.timeoutMs,
  });
  const signal = AbortSignal.timeout(source.timeoutMs);
  try {
    const headers: Record<string, string> = { accept: 'application/samlmetadata+xml, application/xml, text/xml' };
    if (validators.etag) headers['if-none-match'] = validators.etag;
    if (validators.lastModified) headers['if-modified-since'] = validators.lastModified;
    const answer = await request(source.url, { dispatcher: agent, method: 'GET', headers, signal });
    if (answer.statusCode === 304) {
      await answer.body.dump();
      return { changed: false };
    }
    if (answer.statusCode !== 200) {
      await answer.body.dump();
      const redirect = answer.statusCode >= 300 && answer.statusCode < 400 ? ' (redirects are not followed)' : '';
      throw new MetadataFetchError(`answered HTTP ${answer.statusCode}${redirect}`);
    }
    const declared = Number(answer.headers['content-length']);
    if (declared > source.maxBytes) {
      answer.body.destroy();
      throw new MetadataFetchError(`is larger than saml.idp.metadataMaxBytes (${source.maxBytes} bytes)`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of answer.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > source.maxBytes) {
        answer.body.destroy();
        throw new MetadataFetchError(`is larger than saml.idp.metadataMaxBytes (${source.maxBytes} bytes)`);
      }
      chunks.push(chunk);
    }
    return { changed: true, xml: decode(Buffer.concat(chunks)), validators: validatorsOf(answer.headers) };
  } catch (error) {
    throw error instanceof MetadataFetchError ? error : new MetadataFetchError(describe(error, signal));
  } finally {
    await agent.destroy();
  }
}

/** UTF-8, or UTF-16 with a byte-order mark (AD FS tools save that); a leading BOM dropped. */
function decode(bytes: Buffer): string {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe;
  return (utf16 ? bytes.toString('utf16le') : bytes.toString('utf8')).replace(/^\uFEFF/, '');
}

function validatorsOf(headers: Record<string, string | string[] | undefined>): MetadataValidators {
  const one = (name: string) => {
    const value = headers[name];
    return typeof value === 'string' && value.length <= 200 ? value : undefined;
  };
  return { etag: one('etag'), lastModified: one('last-modified') };
}

/** undici's TLS connector, with the guard's lookup and a check of the address actually connected to. */
function guardedConnector(source: ResolvedIdpMetadataUrl, lookup?: LookupFunction): buildConnector.connector {
  const connect = buildConnector({
    timeout: source.timeoutMs,
    ...(source.ca ? { ca: [...rootCertificates, source.ca] } : {}),
    ...(source.allowPrivateHosts ? {} : { lookup: guardedLookup(lookup) }),
  });
  if (source.allowPrivateHosts) return connect;
  return (options, callback) =>
    connect(options, (error, socket) => {
      if (error) return callback(error, null);
      // An IP literal never goes through lookup, and a resolver may be raced: the peer decides.
      const peer = socket.remoteAddress ?? '';
      if (isRefusedAddress(peer)) {
        socket.destroy();
        return callback(new RefusedAddressError(options.hostname, peer, 'connected to'), null);
      }
      callback(null, socket);
    });
}

function describe(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'did not answer in time (saml.idp.metadataTimeoutMs)';
  const found = error as { message?: string; code?: string; cause?: { message?: string; code?: string } };
  const inner = found.cause?.message ? found.cause : found;
  const code = inner.code ? ` (${inner.code})` : '';
  return `cannot be fetched: ${inner.message ?? 'unknown error'}${code}`;
}
