// The sign-in half of `npm run bench`: server CPU per SAML ACS post in the package (node-saml's
// validation plus what the package adds: the request-id check, the replay cache, the session, the
// identity checks) against bare node-saml validating the very same SAMLResponse documents
// (bare-saml.ts). Logins are made first, so only the ACS posts fall in the measured span.
import { CookieAgent, type TestIdp } from '../../src/testing/index.js';
import { cpuMicros, type BenchChild } from './child.js';

export interface AcsFigures {
  signIns: number;
  /** ACS posts answered 303 (a completed sign-in). */
  accepted: number;
  packageMicros: number;
  /** Responses bare node-saml accepted. */
  bareValid: number;
  bareMicros: number;
}

/** `count` sign-ins through the package's ACS, then the same responses through bare node-saml. */
export async function measureAcs(
  base: string,
  idp: TestIdp,
  server: BenchChild,
  bare: BenchChild,
  count: number,
  tag: string,
): Promise<AcsFigures> {
  const prepared: Array<{ agent: CookieAgent; form: Record<string, string> }> = [];
  for (let i = 0; i < count; i++) {
    const agent = await CookieAgent.open(base);
    const login = await agent.get('/auth/saml/login');
    if (login.location === undefined) throw new Error(`login answered ${login.status}, no redirect to the IdP`);
    const authn = idp.parseAuthnRequest(login.location);
    const nameId = `acs-${tag}-${i}@corp.example`;
    const answer = await idp.loginResponse({
      user: { nameId, email: nameId, groups: ['staff'] },
      inResponseTo: authn.id,
    });
    prepared.push({
      agent,
      form: { SAMLResponse: answer.samlResponse, RelayState: answer.relayState ?? authn.relayState ?? '' },
    });
  }
  const before = await cpuMicros(server.pid);
  let accepted = 0;
  for (const { agent, form } of prepared) {
    const acs = await agent.post('/auth/saml/acs', { form });
    if (acs.status === 303) accepted++;
  }
  const packageMicros = ((await cpuMicros(server.pid)) - before) / count;
  const bareRun = await bare.ask<{ valid: number; cpuMicros: number }>(
    'validate',
    prepared.map((p) => p.form.SAMLResponse),
  );
  return { signIns: count, accepted, packageMicros, bareValid: bareRun.valid, bareMicros: bareRun.cpuMicros / count };
}

/** Resident set size of process `pid`, in bytes (VmRSS of /proc/<pid>/status). */
export async function rssBytes(pid: number): Promise<number> {
  return (await residentBytes(pid)).rss;
}

/** Resident memory of `pid` from /proc/<pid>/status: all, anonymous (heap, malloc) and file-backed (mmap). */
export async function residentBytes(pid: number): Promise<{ rss: number; anon: number; file: number }> {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => {
    const kb = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    return kb ? Number(kb[1]) * 1024 : NaN;
  };
  return { rss: field('VmRSS'), anon: field('RssAnon'), file: field('RssFile') + field('RssShmem') };
}
