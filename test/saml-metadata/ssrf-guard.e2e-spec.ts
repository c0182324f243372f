import type { LookupAddress } from 'node:dns';
import { resolveNomosPortalOptions } from '../../src/index.js';
import type { SamlOptions } from '../../src/index.js';
import { isRefusedAddress } from '../../src/saml/metadata-address.js';
import type { LookupFunction } from '../../src/saml/metadata-address.js';
import { fetchMetadata } from '../../src/saml/metadata-fetch.js';
import type { ResolvedIdpMetadataUrl } from '../../src/saml/metadata-url.options.js';
import { devTls } from '../../src/testing/index.js';
import { testIdp } from '../support/saml-app.js';
import { MetadataServer } from './metadata-server.js';

const nomos = { baseUrl: 'https://api.nomos.energy', clientId: 'portal', clientSecret: 'not-a-real-secret-0000' };
const resolveWith = (idp: SamlOptions['idp']) =>
  resolveNomosPortalOptions({
    nomos,
    saml: {
      idp,
      sp: { entityId: 'https://intranet.corp.example/saml', baseUrl: 'https://intranet.corp.example' },
      session: { secret: 'a-session-secret-of-at-least-32-characters' },
    },
  });

/** A resolver that answers `addresses` for every name, as a hostile or split-horizon DNS would. */
const resolvingTo =
  (...addresses: string[]): LookupFunction =>
  (_hostname, options, callback) => {
    const all: LookupAddress[] = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    if (options.all) callback(null, all);
    else callback(null, all[0].address, all[0].family);
  };

describe('the metadata URL SSRF guard', () => {
  it.each([
    ['a private address', 'https://10.0.0.1/metadata'],
    ['the cloud metadata service', 'https://169.254.169.254/latest/meta-data/'],
    ['IPv6 loopback', 'https://[::1]:8443/metadata'],
    ['localhost', 'https://localhost/metadata'],
    ['an IPv6 unique-local address', 'https://[fd00:ec2::254]/metadata'],
    ['the unspecified address', 'https://0.0.0.0/metadata'],
    ['an IPv4-mapped private address', 'https://[::ffff:192.168.1.1]/metadata'],
  ])('refuses %s at start-up without the allowance', (_name, metadataUrl) => {
    expect(() => resolveWith({ metadataUrl })).toThrow(
      /^saml\.idp\.metadataUrl \(SAML_IDP_METADATA_URL\) points at .*set saml\.idp\.allowPrivateMetadataHosts/,
    );
  });

  it('takes a private address when allowed, and refuses plain http to anything but localhost', () => {
    const allowed = resolveWith({ metadataUrl: 'https://10.0.0.1/metadata', allowPrivateMetadataHosts: true });
    expect(allowed.saml?.idp.metadataUrl?.allowPrivateHosts).toBe(true);
    expect(() => resolveWith({ metadataUrl: 'http://idp.corp.example/metadata' })).toThrow(/must be an https URL/);
    expect(() => resolveWith({ metadataUrl: 'https://idp.corp.example/m', metadataXml: '<x/>' })).toThrow(
      /replaces saml\.idp\.metadataXml/,
    );
  });

  it.each([
    ['::ffff:10.0.0.1', true],
    ['64:ff9b::a9fe:a9fe', true],
    ['fe80::1', true],
    ['ff02::1', true],
    ['224.0.0.251', true],
    ['100.64.0.1', true],
    ['172.31.255.255', true],
    ['8.8.8.8', false],
    ['::ffff:8.8.8.8', false],
    ['2606:4700:4700::1111', false],
  ])('classifies %s (refused: %s)', (address, refused) => {
    expect(isRefusedAddress(address)).toBe(refused);
  });

  describe('at connection time', () => {
    const server = new MetadataServer();
    const source = (overrides: Partial<ResolvedIdpMetadataUrl> = {}): ResolvedIdpMetadataUrl => ({
      url: server.url,
      refreshMs: 60_000,
      timeoutMs: 3_000,
      maxBytes: 1_048_576,
      ca: devTls().cert,
      allowPrivateHosts: false,
      ...overrides,
    });
    beforeAll(async () => {
      await server.start();
      server.serve(testIdp().metadataXml());
    });
    afterAll(() => server.stop());

    it('refuses a DNS name that resolves to a private address, before connecting', async () => {
      await expect(fetchMetadata(source(), {}, resolvingTo('127.0.0.1'))).rejects.toThrow(
        /localhost resolves to 127\.0\.0\.1, a loopback, private/,
      );
      await expect(fetchMetadata(source(), {}, resolvingTo('93.184.215.14', '10.1.2.3'))).rejects.toThrow(
        /resolves to 10\.1\.2\.3/,
      );
      expect(server.seen).toHaveLength(0);
      // The same name and resolver with the allowance reach the server: the guard was what refused.
      const allowed = await fetchMetadata(source({ allowPrivateHosts: true }), {}, resolvingTo('127.0.0.1'));
      expect(allowed.changed).toBe(true);
      expect(server.seen).toHaveLength(1);
    });

    it('checks the address actually connected to (an IP literal skips any lookup)', async () => {
      const seen = server.seen.length;
      await expect(fetchMetadata(source({ url: `https://127.0.0.1:${server.port}/metadata` }))).rejects.toThrow(
        /127\.0\.0\.1 connected to 127\.0\.0\.1, a loopback/,
      );
      expect(server.seen).toHaveLength(seen);
    });

    it('caps the document size and the time it may take', async () => {
      const small = source({ allowPrivateHosts: true, maxBytes: 1_024 });
      await expect(fetchMetadata(small)).rejects.toThrow(/is larger than saml\.idp\.metadataMaxBytes \(1024 bytes\)/);
      server.behaviour = { kind: 'hang' };
      const started = Date.now();
      await expect(fetchMetadata(source({ allowPrivateHosts: true, timeoutMs: 300 }))).rejects.toThrow(
        /did not answer in time \(saml\.idp\.metadataTimeoutMs\)/,
      );
      expect(Date.now() - started).toBeLessThan(2_000);
    });
  });
});
