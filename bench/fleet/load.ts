// The fleet's load generator: people signed in through the proxy with the testing kit's real SAML
// sign-in, then `GET /portal` clicks with their session cookies over undici at a fixed concurrency.
import { Pool } from 'undici';
import { signIn, type TestIdp } from '../../src/testing/index.js';

/** A signed-in person: who, and the Cookie header that carries their session. */
export interface SignedIn {
  nameId: string;
  cookie: string;
}

/** Signs `people` in through `origin`, `concurrency` at a time; failures are counted, not thrown. */
export async function signInAll(
  origin: string,
  idp: TestIdp,
  people: string[],
  concurrency: number,
): Promise<{ signedIn: SignedIn[]; failures: number }> {
  const signedIn: SignedIn[] = [];
  let failures = 0;
  let next = 0;
  const worker = async () => {
    while (next < people.length) {
      const nameId = people[next++];
      try {
        const agent = await signIn(origin, { idp, nameId, email: nameId, groups: ['staff'], returnTo: '/portal' });
        signedIn.push({ nameId, cookie: agent.cookie });
      } catch {
        failures++;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { signedIn, failures };
}

/** What the clicks saw. */
export interface ClickTally {
  /** Answers by HTTP status (`'error'`: no answer at all, e.g. a reset or timeout). */
  byStatus: Record<string, number>;
  /** 302s whose Location is a portal link: links written to a live response. */
  linksWritten: number;
  /** The links themselves (credentials: only for the log scan, never printed). */
  links: string[];
  /**
   * What each click's answer was, by the `X-Request-Id` it sent (the audit row records it): `link`
   * for a 302 to a portal link, `proxy 502` when the proxy answered for a gone replica, else the status.
   */
  answers: Map<string, string>;
}

// One sequence for every click of the process, so request ids stay unique across rounds.
let clickSeq = 0;

/** Options of {@link clickPortal}. */
export interface ClickOptions {
  origin: string;
  people: SignedIn[];
  clicks: number;
  concurrency: number;
  /** Called after each click with the number done so far. */
  onClick?: (done: number) => void;
  /** Host suffix of a portal link. @default '.customerportal.localhost' */
  portalDomain?: string;
}

/** `clicks` top-level navigations to `/portal`, people taken in turn, `concurrency` in flight. */
export async function clickPortal(options: ClickOptions): Promise<ClickTally> {
  const { origin, people, clicks, concurrency } = options;
  const domain = options.portalDomain ?? '.customerportal.localhost';
  const pool = new Pool(origin, { connections: concurrency, headersTimeout: 60_000, bodyTimeout: 60_000 });
  const tally: ClickTally = { byStatus: {}, linksWritten: 0, links: [], answers: new Map() };
  let started = 0;
  let done = 0;
  const count = (key: string) => (tally.byStatus[key] = (tally.byStatus[key] ?? 0) + 1);
  const worker = async () => {
    while (started < clicks) {
      const person = people[started++ % people.length];
      const requestId = `fleet-click-${++clickSeq}`;
      try {
        const answer = await pool.request({
          method: 'GET',
          path: '/portal',
          headers: {
            cookie: person.cookie,
            'sec-fetch-mode': 'navigate',
            'sec-fetch-dest': 'document',
            'x-request-id': requestId,
          },
        });
        const body = await answer.body.text();
        count(String(answer.statusCode));
        const location = answer.headers.location;
        const isLink = answer.statusCode === 302 && typeof location === 'string' && isPortalLink(location, domain);
        if (isLink) {
          tally.linksWritten++;
          tally.links.push(location);
        }
        const fromProxy = answer.statusCode === 502 && body === 'bad gateway\n';
        tally.answers.set(requestId, isLink ? 'link' : fromProxy ? 'proxy 502' : String(answer.statusCode));
      } catch {
        count('error');
        tally.answers.set(requestId, 'no answer');
      }
      options.onClick?.(++done);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await pool.close();
  }
  return tally;
}

function isPortalLink(location: string, domain: string): boolean {
  try {
    const url = new URL(location);
    return url.protocol === 'https:' && url.hostname.endsWith(domain);
  } catch {
    return false;
  }
}

/**
 * After the faults: waits (up to `timeoutMs`) until `replicas` consecutive clicks through the
 * round-robin proxy are served, i.e. every replica is back, then clicks once for each person.
 * Its tally shows whether the fleet recovered; its mints (the probes' too) count in the run's figures
 * like any other.
 */
export async function recoveryRound(
  options: Omit<ClickOptions, 'clicks' | 'concurrency'> & { replicas: number; timeoutMs?: number },
): Promise<ClickTally & { waitedMs: number }> {
  const started = performance.now();
  const deadline = started + (options.timeoutMs ?? 60_000);
  const probes: ClickTally[] = [];
  for (let served = 0; served < options.replicas && performance.now() < deadline;) {
    const probe = await clickPortal({
      ...options,
      people: options.people.slice(served, served + 1),
      clicks: 1,
      concurrency: 1,
    });
    probes.push(probe);
    served = probe.byStatus['302'] === 1 ? served + 1 : 0;
    if (served === 0) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const waitedMs = performance.now() - started;
  const tally = await clickPortal({ ...options, clicks: options.people.length, concurrency: 10 });
  // The probes' links are links written too; `byStatus` stays the round's own (one click per person).
  for (const probe of probes) {
    tally.linksWritten += probe.linksWritten;
    tally.links.push(...probe.links);
    for (const [id, answer] of probe.answers) tally.answers.set(id, answer);
  }
  return { ...tally, waitedMs };
}
