import { generateKeyPairSync } from 'node:crypto';
import { NomosPortalConfigError } from '../errors/index.js';
import { resolveAuditOptions } from './audit.options.js';

const ed25519 = generateKeyPairSync('ed25519');

describe('resolveAuditOptions', () => {
  it('has the documented defaults: chain on, no key, no checkpoints, no retention', () => {
    expect(resolveAuditOptions(undefined, 10_000)).toEqual({
      signingKey: undefined,
      publicKey: undefined,
      keyId: undefined,
      sinks: [],
      checkpointEveryMs: 300_000,
      checkpointEveryRows: 0,
      retentionDays: undefined,
      purgeEveryMs: 3_600_000,
      pendingTimeoutMs: 70_000,
      reconcileEveryMs: 60_000,
    });
  });

  it('takes a PEM key, derives the key id, and defaults to the log sink', () => {
    const pem = ed25519.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const resolved = resolveAuditOptions({ signingKey: pem }, 10_000);
    expect(resolved.publicKey?.asymmetricKeyType).toBe('ed25519');
    expect(resolved.keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(resolved.sinks.map((s) => s.name)).toEqual(['log']);
    const sinks = resolveAuditOptions(
      {
        signingKey: ed25519.privateKey,
        checkpointSinks: [{ file: '/tmp/cp.jsonl' }, { url: 'https://audit.example/cp' }],
      },
      10_000,
    ).sinks;
    expect(sinks.map((s) => s.name)).toEqual(['file', 'http']);
  });

  it.each([
    [{ signingKey: 'not a key' }, 'audit.signingKey must be an Ed25519 private key'],
    [{ signingKey: ed25519.publicKey }, 'audit.signingKey must be an Ed25519 private key'],
    [{ signingKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey }, 'audit.signingKey must be'],
    [{ checkpointSinks: ['log' as const] }, 'audit.checkpointSinks needs audit.signingKey'],
    [{ signingKey: ed25519.privateKey, checkpointSinks: [{ url: 'ftp://x' }] }, 'audit.checkpointSinks[0] must be'],
    [{ retentionDays: 0 }, 'audit.retentionDays must be positive'],
    [{ checkpointEveryMs: -1 }, 'audit.checkpointEveryMs must be'],
  ])('refuses %p, naming the setting', (raw, message) => {
    expect(() => resolveAuditOptions(raw, 10_000)).toThrow(NomosPortalConfigError);
    expect(() => resolveAuditOptions(raw, 10_000)).toThrow(message);
  });
});
