// `npm run bench` (issue 13): what a click costs in the package against the vendor guide's
// hand-written handler, measured side by side. Three targets, each a server in its own process —
// (a) the guide's handler in Express, (b) the same handler as a bare Nest controller, (c) the
// package's GET /portal with real SAML sessions — meet one Nomos double (the emulator, own process)
// and one load generator (autocannon, own process). Rounds alternate the targets; each round's figures
// are compared within the round, and the medians of those per-round ratios are printed, so a noisy
// machine moves all three alike. Server CPU comes from /proc of the server process. Figures, not
// pass/fail: the checks that must hold (one mint per 302, mints == issued rows) are printed as such.
// BENCH_ROUNDS (10), BENCH_ROUND_SECONDS (5), BENCH_CONNECTIONS (16), BENCH_PEOPLE (20); BENCH_DB
// (sqlite or postgres: that leg only); BENCH_ACS_SIGN_INS (300) sign-ins for the ACS figure;
// BENCH_RSS_MINTS (100000) clicks between the first and last RSS readings (0: none), in
// BENCH_RSS_STEPS (10) equal steps with a reading after each; BENCH_PROFILE=<dir>
// writes a V8 CPU profile of the package's server there (see bench/click-cost/profile-summary.ts).
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { testClientSecret, TestIdp, signIn } from '../../src/testing/index.js';
import { benchDatabase, benchDbKinds, type BenchDbKind } from '../bench-databases.js';
import { freePort } from '../fleet/free-port.js';
import { measureAcs, residentBytes } from './acs-cost.js';
import { cpuMicros, startChild, type BenchChild } from './child.js';
import {
  printLeg,
  type MemoryFigures,
  type MemoryReading,
  type RoundFigures,
  type TargetName,
} from './click-report.js';
import type { RoundLoad, RoundResult } from './load-worker.js';

const env = process.env;
const ROUNDS = Number(env.BENCH_ROUNDS ?? 10);
const ROUND_SECONDS = Number(env.BENCH_ROUND_SECONDS ?? 5);
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 16);
const PEOPLE = Number(env.BENCH_PEOPLE ?? 20);
const PROFILE_DIR = env.BENCH_PROFILE;
const ACS_SIGN_INS = Number(env.BENCH_ACS_SIGN_INS ?? 300);
const RSS_MINTS = Number(env.BENCH_RSS_MINTS ?? 100_000);
const RSS_STEPS = Math.max(1, Number(env.BENCH_RSS_STEPS ?? 10));
const CLIENT_ID = 'bench';
const SP_ENTITY_ID = 'https://intranet.bench.example/saml';
const entry = (name: string) => fileURLToPath(new URL(`./${name}.js`, import.meta.url));

interface Target {
  name: TargetName;
  server: BenchChild;
  cookies: string[];
  /** Clicks per round, sized from the warm-up to last about ROUND_SECONDS. */
  amount: number;
}

async function runLeg(kind: BenchDbKind): Promise<void> {
  const stops: Array<() => Promise<unknown>> = [];
  try {
    const clientSecret = testClientSecret(16);
    const double = await startChild(entry('nomos-double'), { clientId: CLIENT_ID, clientSecret, customers: PEOPLE });
    stops.push(() => double.stop());
    const nomosUrl = double.ready.apiUrl as string;
    const counts = () => double.ask<{ mints: number; tokens: number }>('counts');
    // The double's customers are generated in order; person i is mapped to customer i.
    const customerIds = Array.from({ length: PEOPLE }, (_, i) => `cus_gen${String(i + 1).padStart(21, '0')}`);

    const db = await benchDatabase(kind);
    stops.push(() => db.drop());
    const database =
      db.options.type === 'postgres' ? (db.options.url as string) : `sqlite:${db.options.database as string}`;
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const idp = new TestIdp({
      sp: { entityId: SP_ENTITY_ID, acsUrl: `${base}/auth/saml/acs`, sloUrl: `${base}/auth/saml/logout` },
    });
    const people = customerIds.map((_, i) => `person-${i + 1}@corp.example`);
    const pkg = await startChild(
      entry('package-target'),
      {
        nomosUrl,
        clientId: CLIENT_ID,
        clientSecret,
        database,
        port,
        idpMetadataXml: idp.metadataXml(),
        spEntityId: SP_ENTITY_ID,
        spBaseUrl: base,
        sessionSecret: randomBytes(24).toString('hex'),
        seed: people.map((person, i): [string, string] => [person, customerIds[i]]),
      },
      { execArgv: PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [] },
    );
    stops.push(() => pkg.stop());
    const samlCookies: string[] = [];
    for (const nameId of people) {
      const agent = await signIn(base, { idp, nameId, email: nameId, groups: ['staff'] });
      samlCookies.push(agent.cookie);
    }

    const sessions: Record<string, string> = {};
    const sidCookies = customerIds.map((customerId) => {
      const sid = randomBytes(16).toString('hex');
      sessions[sid] = customerId;
      return `sid=${sid}`;
    });
    const reference = { nomosUrl, clientId: CLIENT_ID, clientSecret, sessions };
    const express = await startChild(entry('express-target'), reference);
    stops.push(() => express.stop());
    const nest = await startChild(entry('nest-target'), reference);
    stops.push(() => nest.stop());
    const load = await startChild(entry('load-worker'), {});
    stops.push(() => load.stop());

    const targets: Target[] = [
      { name: 'a', server: express, cookies: sidCookies, amount: 0 },
      { name: 'b', server: nest, cookies: sidCookies, amount: 0 },
      { name: 'c', server: pkg, cookies: samlCookies, amount: 0 },
    ];
    let packageMints = 0;
    const tokensInRounds: Record<TargetName, number> = { a: 0, b: 0, c: 0 };
    let counting = false;
    const roundOf = async (target: Target, amount: number): Promise<RoundFigures> => {
      const before = await counts();
      const cpuBefore = await cpuMicros(target.server.pid);
      const started = performance.now();
      const result = await load.ask<RoundResult>('run', {
        url: target.server.ready.url as string,
        cookies: target.cookies,
        amount,
        connections: CONNECTIONS,
      } satisfies RoundLoad);
      const seconds = (performance.now() - started) / 1000;
      const cpu = (await cpuMicros(target.server.pid)) - cpuBefore;
      const after = await counts();
      if (target.name === 'c' && counting) packageMints += after.mints - before.mints;
      tokensInRounds[target.name] += after.tokens - before.tokens;
      return {
        target: target.name,
        perSecond: result.requests / seconds,
        p50: result.p50,
        p99: result.p99,
        cpuPerRequest: cpu / result.requests,
        requests: result.requests,
        redirects: result.byStatus['302'] ?? 0,
        others: result.requests - (result.byStatus['302'] ?? 0) + result.errors,
        mints: after.mints - before.mints,
      };
    };

    // Warm-up: JIT, pools and caches, and the size of each target's rounds.
    for (const target of targets) {
      const warm = await roundOf(target, CONNECTIONS * 100);
      target.amount = Math.max(CONNECTIONS * 50, Math.round(warm.perSecond * ROUND_SECONDS));
    }
    const rounds: RoundFigures[][] = [];
    counting = true;
    const issuedBefore = await pkg.ask<number>('issued');
    for (let r = 0; r < ROUNDS; r++) {
      // The order turns every round, so no target always follows the same one.
      const order = [...targets.slice(r % 3), ...targets.slice(0, r % 3)];
      const round: RoundFigures[] = [];
      for (const target of order) round.push(await roundOf(target, target.amount));
      rounds.push(round);
      process.stdout.write(`  ${kind} round ${r + 1}/${ROUNDS} done\n`);
    }
    const issuedAfter = await pkg.ask<number>('issued');
    const bare = await startChild(entry('bare-saml'), {
      idpCert: idp.signingCert,
      idpIssuer: idp.endpoints.entityId,
      spEntityId: SP_ENTITY_ID,
      acsUrl: `${base}/auth/saml/acs`,
    });
    stops.push(() => bare.stop());
    // A small run first for the JIT of both, then the measured one.
    await measureAcs(base, idp, pkg, bare, 30, `${kind}-warm`);
    const acs = await measureAcs(base, idp, pkg, bare, ACS_SIGN_INS, kind);
    process.stdout.write(`  ${kind} ACS sign-ins done\n`);
    let rss: MemoryFigures | undefined;
    if (RSS_MINTS > 0) {
      const mintsBefore = (await counts()).mints;
      const reading = async (): Promise<MemoryReading> => ({
        mints: (await counts()).mints - mintsBefore,
        ...(await residentBytes(pkg.pid)),
        heap: await pkg.ask<NodeJS.MemoryUsage>('memory'),
      });
      const readings = [await reading()];
      for (let step = 0; step < RSS_STEPS; step++) {
        await load.ask<RoundResult>('run', {
          url: pkg.ready.url as string,
          cookies: samlCookies,
          amount: Math.round(RSS_MINTS / RSS_STEPS),
          connections: CONNECTIONS,
        } satisfies RoundLoad);
        readings.push(await reading());
      }
      rss = { readings };
    }
    printLeg(kind, rounds, {
      rounds: ROUNDS,
      connections: CONNECTIONS,
      people: PEOPLE,
      packageMints,
      issuedRows: issuedAfter - issuedBefore,
      tokensInRounds,
      acs,
      rss,
    });
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}

const kinds = await benchDbKinds();
for (const kind of env.BENCH_DB ? kinds.filter((k) => k === env.BENCH_DB) : kinds) await runLeg(kind);
