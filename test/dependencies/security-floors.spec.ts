import { execFileSync } from 'node:child_process';

/**
 * Versions below these read the SAML profile from unsigned parts of a response or let signatures
 * be bypassed: @node-saml/node-saml < 5.1.0 (CVE-2025-54419, CVE-2025-54369), xml-crypto < 6.1.2
 * (CVE-2025-29774, CVE-2025-29775). Every copy in the installed tree must be at or above the floor.
 */
const FLOORS: Record<string, string> = { '@node-saml/node-saml': '5.1.0', 'xml-crypto': '6.1.2' };

interface LsNode {
  version?: string;
  dependencies?: Record<string, LsNode>;
}

function installedVersions(tree: LsNode, name: string, found: string[] = []): string[] {
  for (const [dep, node] of Object.entries(tree.dependencies ?? {})) {
    if (dep === name && node.version) found.push(node.version);
    installedVersions(node, name, found);
  }
  return found;
}

const atLeast = (version: string, floor: string) => {
  const [a, b] = [version, floor].map((v) => v.split(/[.-]/).slice(0, 3).map(Number));
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
};

describe('security floors of the SAML dependencies', () => {
  const tree = JSON.parse(
    execFileSync('npm', ['ls', '--all', '--json', ...Object.keys(FLOORS)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }),
  ) as LsNode;

  it.each(Object.entries(FLOORS))('every installed %s is at least %s', (name, floor) => {
    const versions = installedVersions(tree, name);
    expect(versions.length).toBeGreaterThan(0);
    expect(versions.filter((v) => !atLeast(v, floor))).toEqual([]);
  });

  it('compares versions the way the floors need', () => {
    expect(atLeast('6.1.2', '6.1.2')).toBe(true);
    expect(atLeast('6.10.0', '6.1.2')).toBe(true);
    expect(atLeast('6.1.1', '6.1.2')).toBe(false);
    expect(atLeast('5.0.9', '5.1.0')).toBe(false);
  });
});
