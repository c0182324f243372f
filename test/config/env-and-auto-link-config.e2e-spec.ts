import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { readFileSync } from 'node:fs';
import type { NomosPortalModuleOptions } from '../../src/index.js';
import {
  NomosPortalConfigError,
  NomosPortalModule,
  nomosPortalEntities,
  nomosPortalEnvNames,
  nomosPortalOptionsFromEnv,
  samlEnvNames,
  type ResolvedNomosPortalOptions,
} from '../../src/index.js';
// The raw token is internal: hosts inject with InjectNomosPortalOptions().
import { NOMOS_PORTAL_OPTIONS } from '../../src/nomos-portal.options.js';
import { startUpError } from './start-error.js';

const nomos = { clientId: 'id', clientSecret: 'secret-value-123' };
const startWith = (autoLinkByEmail: unknown) =>
  startUpError(
    NomosPortalModule.forRoot({ sso: 'none', nomos, portal: { autoLinkByEmail } } as NomosPortalModuleOptions),
  );

async function resolved(autoLinkByEmail: unknown): Promise<ResolvedNomosPortalOptions['portal']['autoLinkByEmail']> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({ type: 'better-sqlite3', database: ':memory:', entities: nomosPortalEntities }),
      NomosPortalModule.forRoot({ sso: 'none', nomos, portal: { autoLinkByEmail } } as NomosPortalModuleOptions),
    ],
  }).compile();
  try {
    return moduleRef.get<ResolvedNomosPortalOptions>(NOMOS_PORTAL_OPTIONS).portal.autoLinkByEmail;
  } finally {
    await moduleRef.close();
  }
}

describe('portal.autoLinkByEmail', () => {
  it.each([
    ['not a boolean or object', 'yes'],
    ['no domains', {}],
    ['an empty list', { domains: [] }],
    ['upper case', { domains: ['Corp.example'] }],
    ['an address, not a domain', { domains: ['it@corp.example'] }],
    ['a wildcard', { domains: ['*.corp.example'] }],
    ['a single label', { domains: ['corp'] }],
    ['a non-ASCII domain', { domains: ['c\u00F6rp.example'] }],
    ['a number', { domains: [42] }],
  ])('refuses %s, naming the option', async (_name, value) => {
    const error = await startWith(value);
    expect(error).toBeInstanceOf(NomosPortalConfigError);
    expect((error as Error).message).toMatch(/^portal\.autoLinkByEmail/);
  });

  it('keeps true (any domain) and false, and takes a domain list', async () => {
    expect(await resolved(true)).toEqual({ domains: null });
    expect(await resolved(false)).toBe(false);
    expect(await resolved(undefined)).toBe(false);
    expect(await resolved({ domains: ['corp.example', 'xn--crp-pla.example', 'corp.example'] })).toEqual({
      domains: ['corp.example', 'xn--crp-pla.example'],
    });
  });

  it('reads NOMOS_PORTAL_AUTO_LINK_DOMAINS, which turns auto-link on for those domains', () => {
    const read = (env: Record<string, string>) =>
      nomosPortalOptionsFromEnv({ NOMOS_CLIENT_ID: 'a', NOMOS_CLIENT_SECRET: 'b', ...env }).portal?.autoLinkByEmail;
    expect(read({ NOMOS_PORTAL_AUTO_LINK_DOMAINS: 'corp.example, sub.example' })).toEqual({
      domains: ['corp.example', 'sub.example'],
    });
    expect(read({ NOMOS_PORTAL_AUTO_LINK_DOMAINS: 'corp.example', NOMOS_PORTAL_AUTO_LINK_BY_EMAIL: 'true' })).toEqual({
      domains: ['corp.example'],
    });
    expect(read({ NOMOS_PORTAL_AUTO_LINK_BY_EMAIL: 'true' })).toBe(true);
    expect(() =>
      read({ NOMOS_PORTAL_AUTO_LINK_DOMAINS: 'corp.example', NOMOS_PORTAL_AUTO_LINK_BY_EMAIL: 'false' }),
    ).toThrow(/NOMOS_PORTAL_AUTO_LINK_DOMAINS\) is set but NOMOS_PORTAL_AUTO_LINK_BY_EMAIL=false/);
  });
});

describe('the rate-limit variables', () => {
  const fromEnv = (env: Record<string, string>) =>
    nomosPortalOptionsFromEnv({ NOMOS_CLIENT_ID: 'id', NOMOS_CLIENT_SECRET: 'secret-value-123', ...env });
  async function resolvedFrom(env: Record<string, string>): Promise<ResolvedNomosPortalOptions> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({ type: 'better-sqlite3', database: ':memory:', entities: nomosPortalEntities }),
        NomosPortalModule.forRoot({ sso: 'none', ...fromEnv(env) }),
      ],
    }).compile();
    try {
      return moduleRef.get<ResolvedNomosPortalOptions>(NOMOS_PORTAL_OPTIONS);
    } finally {
      await moduleRef.close();
    }
  }

  it('set the fleet-wide Nomos pacing and the per-person limit; unset they keep the defaults', async () => {
    const set = await resolvedFrom({
      NOMOS_RATE_LIMIT: '25',
      NOMOS_RATE_LIMIT_BURST: '5',
      NOMOS_RATE_LIMIT_MAX_WAIT_MS: '1500',
      NOMOS_RATE_LIMIT_FLEET_SIZE: '4',
      NOMOS_PORTAL_PERSON_RATE_LIMIT: '3',
      NOMOS_PORTAL_PERSON_RATE_LIMIT_WINDOW_MS: '30000',
    });
    expect(set.nomos.rateLimit).toMatchObject({ perSecond: 25, burst: 5, maxWaitMs: 1500, fleetSize: 4 });
    expect(set.portal.personRateLimit).toMatchObject({ limit: 3, ttlMs: 30000 });
    const unset = await resolvedFrom({});
    expect(unset.nomos.rateLimit).toMatchObject({ perSecond: 10, maxWaitMs: 2000 });
    expect(unset.portal.personRateLimit).toMatchObject({ limit: 10, ttlMs: 60000 });
  });

  it('turn pacing and the per-person limit off with 0, and take memory or database as the store', () => {
    const off = fromEnv({ NOMOS_RATE_LIMIT: '0', NOMOS_PORTAL_PERSON_RATE_LIMIT: '0' });
    expect(off.nomos.rateLimit).toBe(false);
    expect(off.portal?.personRateLimit).toBe(false);
    const stores = fromEnv({ NOMOS_RATE_LIMIT_STORE: 'database', NOMOS_PORTAL_PERSON_RATE_LIMIT_STORAGE: 'database' });
    expect(stores.nomos.rateLimit).toMatchObject({ store: 'database' });
    expect(stores.portal?.personRateLimit).toMatchObject({ storage: 'database' });
  });

  it('refuse a value they cannot read, naming the option and its variable', async () => {
    expect(() => fromEnv({ NOMOS_RATE_LIMIT_STORE: 'redis' })).toThrow(
      /^nomos\.rateLimit\.store \(NOMOS_RATE_LIMIT_STORE\) must be memory or database, got "redis"$/,
    );
    expect(() => fromEnv({ NOMOS_PORTAL_PERSON_RATE_LIMIT: 'ten' })).toThrow(
      /^portal\.personRateLimit\.limit \(NOMOS_PORTAL_PERSON_RATE_LIMIT\) must be a whole number/,
    );
    const tooMany = await startUpError(
      NomosPortalModule.forRoot({
        sso: 'none',
        ...fromEnv({ NOMOS_RATE_LIMIT: '2', NOMOS_RATE_LIMIT_FLEET_SIZE: '3' }),
      }),
    );
    expect(tooMany).toBeInstanceOf(NomosPortalConfigError);
    expect((tooMany as Error).message).toMatch(/^nomos\.rateLimit\.fleetSize \(NOMOS_RATE_LIMIT_FLEET_SIZE\)/);
  });
});

// The example refuses variables outside these lists, so they must be exactly what the readers read:
// every variable name written in a reader's source is in its list.
describe('the env readers publish the names they read', () => {
  const namesIn = (file: string, prefix: string) => [
    ...new Set(
      [
        ...readFileSync(new URL(`../../src/${file}`, import.meta.url), 'utf8').matchAll(
          new RegExp(`'(${prefix}_[A-Z0-9_]+)'`, 'g'),
        ),
      ].map((m) => m[1]),
    ),
  ];

  it('samlEnvNames()', () => {
    const names = samlEnvNames();
    expect(names).toEqual(
      expect.arrayContaining(['SAML_IDP_METADATA_FILE', 'SAML_SP_SIGNING_KEY_FILE', 'SAML_SESSION_SECRET']),
    );
    expect(names).toEqual(expect.arrayContaining(namesIn('common/env-names.ts', 'SAML')));
    expect(names.every((name) => name.startsWith('SAML_'))).toBe(true);
  });

  it('nomosPortalEnvNames()', () => {
    const names = nomosPortalEnvNames();
    expect(names).toEqual(
      expect.arrayContaining(['NOMOS_CLIENT_ID', 'NOMOS_CLIENT_SECRET', 'NOMOS_PORTAL_AUTO_LINK_DOMAINS']),
    );
    expect(names).toEqual(expect.arrayContaining(namesIn('common/env-names.ts', 'NOMOS')));
    expect(names.every((name) => name.startsWith('NOMOS_'))).toBe(true);
  });
});
