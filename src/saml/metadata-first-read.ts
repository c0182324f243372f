import type { Logger } from '@nestjs/common';
import { isLoopbackHost } from '../common/loopback-host.js';
import { NomosPortalConfigError } from '../errors/index.js';
import type { LookupFunction } from './metadata-address.js';
import { takeMetadata } from './metadata-document.js';
import type { MetadataExpectations, TakenMetadata } from './metadata-document.js';
import { fetchMetadata } from './metadata-fetch.js';
import type { MetadataValidators } from './metadata-fetch.js';
import { readLastGood, writeLastGood } from './metadata-last-good.js';
import type { ResolvedIdpMetadataUrl } from './metadata-url.options.js';

/** The document the SAML part starts with, and where it came from. */
export interface FirstMetadata {
  taken: TakenMetadata;
  validators: MetadataValidators;
  takenAt: Date;
  /** From the URL just now (`false`: the last good copy, because the URL gave nothing usable). */
  fresh: boolean;
}

/**
 * Reads the metadata URL at start; when that gives no usable document, the last good copy (with
 * a warning). The copy is checked like a fresh document (signature, entity, `validUntil`).
 * @throws NomosPortalConfigError when neither gives a usable document
 */
export async function readFirstMetadata(
  url: ResolvedIdpMetadataUrl,
  expect: MetadataExpectations & { ssoUrl?: string },
  logger: Logger,
  lookup?: LookupFunction,
): Promise<FirstMetadata> {
  const label = metadataLabel(url);
  try {
    const fetched = await fetchMetadata(url, {}, lookup);
    if (!fetched.changed) throw new Error('answered 304 Not Modified to an unconditional request');
    const taken = usable(takeMetadata(fetched.xml, label, expect), label, expect.ssoUrl);
    await keepMetadataCopy(url, fetched.xml, fetched.validators, logger);
    return { taken, validators: fetched.validators, takenAt: new Date(), fresh: true };
  } catch (error) {
    const reason = metadataProblem(error, label);
    const copy = url.cacheFile ? await readLastGood(url.cacheFile, url.url) : undefined;
    if (!copy) throw new NomosPortalConfigError(`${reason}; no last good copy to use (saml.idp.metadataCacheFile)`);
    const copyLabel = `saml.idp.metadataCacheFile (${url.cacheFile})`;
    const taken = usable(takeMetadata(copy.xml, copyLabel, expect), copyLabel, expect.ssoUrl);
    logger.warn(`${reason}; using the last good copy read ${copy.fetchedAt}`);
    return { taken, validators: copy.validators, takenAt: new Date(copy.fetchedAt), fresh: false };
  }
}

/** The SP cannot start a login without an SSO endpoint: from the metadata or `saml.idp.ssoUrl`. */
function usable(taken: TakenMetadata, label: string, explicitSsoUrl?: string): TakenMetadata {
  const sso = explicitSsoUrl ?? taken.ssoUrl;
  let parsed: URL | undefined;
  try {
    parsed = sso === undefined ? undefined : new URL(sso);
  } catch {
    parsed = undefined;
  }
  const secure = parsed?.protocol === 'https:' || (parsed?.protocol === 'http:' && isLoopbackHost(parsed.hostname));
  if (!secure)
    throw new NomosPortalConfigError(
      `${label} lists no https HTTP-Redirect SingleSignOnService (or set saml.idp.ssoUrl)`,
    );
  return taken;
}

/** How messages name the URL: the option and the address without its query (which may carry ids). */
export function metadataLabel(url: ResolvedIdpMetadataUrl): string {
  const parsed = new URL(url.url);
  return `saml.idp.metadataUrl (${parsed.origin}${parsed.pathname})`;
}

/** One line for the log: a check's own message, or the fetch's reason after the label. */
export function metadataProblem(error: unknown, label: string): string {
  if (error instanceof NomosPortalConfigError) return error.message;
  return `${label} ${error instanceof Error ? error.message : String(error)}`;
}

/** Writes the last good copy when a file is configured; a failure to write is only a warning. */
export async function keepMetadataCopy(
  url: ResolvedIdpMetadataUrl,
  xml: string,
  validators: MetadataValidators,
  logger: Pick<Logger, 'warn'>,
): Promise<void> {
  if (!url.cacheFile) return;
  const copy = { url: url.url, fetchedAt: new Date().toISOString(), validators, xml };
  await writeLastGood(url.cacheFile, copy).catch((error: Error) =>
    logger.warn(`saml.idp.metadataCacheFile cannot be written (${error.message}); the copy stays in memory only`),
  );
}
