import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Addresses a metadata fetch must not reach unless the host allows it: this machine, the private
 * networks and everything that is not a routable unicast address (cloud metadata services live at
 * link-local 169.254.169.254 and fd00:ec2::254).
 */
const REFUSED = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", incl. the unspecified 0.0.0.0
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, incl. broadcast
] as const)
  REFUSED.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
] as const)
  REFUSED.addSubnet(network, prefix, 'ipv6');

/** True when `address` (an IP literal, IPv6 with or without brackets) may not be fetched from. */
export function isRefusedAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '').toLowerCase();
  // An IPv4 address dressed as IPv6 (::ffff:10.0.0.1, or NAT64 64:ff9b::a00:1) counts as that IPv4.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(ip)?.[1] ?? embeddedIpv4(ip);
  if (mapped !== undefined) return REFUSED.check(mapped, 'ipv4');
  const family = isIP(ip);
  if (family === 0) return true;
  return REFUSED.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/** The IPv4 address in `::ffff:a00:1` or `64:ff9b::a00:1` form, if `ip` is one. */
function embeddedIpv4(ip: string): string | undefined {
  const match = /^(?:::ffff|64:ff9b:):([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(ip);
  if (!match) return undefined;
  const [high, low] = [parseInt(match[1], 16), parseInt(match[2], 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Node's `lookup` signature, as `net.connect` calls it (with `all: true` when it races families). */
export type LookupFunction = (
  hostname: string,
  options: LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

/** The error a refused address fails the connection with. */
export class RefusedAddressError extends Error {
  readonly code = 'ERR_NOMOS_REFUSED_ADDRESS';
  constructor(host: string, address: string, how: 'resolves to' | 'connected to' = 'resolves to') {
    super(
      `${host} ${how} ${address}, a loopback, private, link-local or otherwise non-public address ` +
        '(allow it with saml.idp.allowPrivateMetadataHosts)',
    );
  }
}

/**
 * A `lookup` for `net.connect` that fails when any address of the name is refused, so no
 * connection to one is even tried (a name answering both public and private addresses is refused).
 * @param base the resolver to ask (tests pass their own) @default dns.lookup
 */
export function guardedLookup(base: LookupFunction = dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    base(hostname, options, (error, address, family) => {
      if (error) return callback(error, address, family);
      const all = Array.isArray(address) ? address.map((entry) => entry.address) : [address];
      const refused = all.find(isRefusedAddress);
      if (refused !== undefined) return callback(new RefusedAddressError(hostname, refused), '', undefined);
      callback(null, address, family);
    });
  };
}
