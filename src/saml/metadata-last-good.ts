import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { MetadataValidators } from './metadata-fetch.js';

/** The last metadata document taken, as kept between starts. */
export interface LastGoodMetadata {
  /** The URL it came from: a copy from another URL is never used. */
  url: string;
  fetchedAt: string;
  validators: MetadataValidators;
  xml: string;
}

/**
 * Reads the last good copy, or `undefined` when there is none (or it is unreadable, or from another
 * URL). Its document is checked again by the caller like a fresh one.
 */
export async function readLastGood(file: string, url: string): Promise<LastGoodMetadata | undefined> {
  let parsed: Partial<LastGoodMetadata>;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<LastGoodMetadata>;
  } catch {
    return undefined;
  }
  if (parsed.url !== url || typeof parsed.xml !== 'string' || typeof parsed.fetchedAt !== 'string') return undefined;
  return { url, fetchedAt: parsed.fetchedAt, validators: parsed.validators ?? {}, xml: parsed.xml };
}

/**
 * Replaces the copy atomically (a temporary file renamed over it), so a replica starting at the
 * same moment reads the old or the new copy, never half of one.
 */
export async function writeLastGood(file: string, copy: LastGoodMetadata): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, JSON.stringify(copy), { mode: 0o644 });
  await rename(temporary, file);
}
