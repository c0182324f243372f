// One fleet run: private PostgreSQL, the Nomos emulator behind a front, N replicas behind a
// round-robin proxy, sign-ins then clicks with faults, and the figures read back afterwards.
import { randomBytes } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { generateCustomers, NomosEmulator, testClientSecret, TestIdp } from '../../src/testing/index.js';
import { countPending, runAuditCheck } from './fleet-audit.js';
import { faultSchedule } from './fleet-faults.js';
import { hasAuditChain, pacingOption } from './fleet-features.js';
import { readFigures, type FleetFigures } from './fleet-figures.js';
import { resolveFleetRunOptions, type FleetRunOptions } from './fleet.options.js';
import { freePort } from './free-port.js';
import { clickPortal, recoveryRound, signInAll } from './load.js';
import { startNomosFront } from './nomos-front.js';
import { startPrivatePostgres } from './private-postgres.js';
import { replica, type Replica } from './replicas.js';
import { startRoundRobinProxy } from './round-robin-proxy.js';

const SP_ENTITY_ID = 'https://intranet.fleet.example/saml';
const CLIENT_ID = 'fleet';

/** Runs the fleet once and returns what it saw; everything it started is stopped, whatever happens. */
export async function runFleet(input: FleetRunOptions): Promise<FleetFigures> {
  const options = resolveFleetRunOptions(input);
  const say = options.progress ?? (() => undefined);
  const started = performance.now();
  const stops: Array<() => Promise<void>> = [];
  try {
    const pg = await startPrivatePostgres();
    stops.push(pg.stop);
    const clientSecret = testClientSecret(16);
    const customers = generateCustomers(options.people, 'fleet-power');
    const emulator = new NomosEmulator({
      clientId: CLIENT_ID,
      clientSecret,
      customers,
      rateLimit: { limit: options.nomosRate, windowSec: 1 },
    });
    await emulator.start();
    stops.push(() => emulator.stop());
    const front = await startNomosFront(emulator.apiUrl);
    stops.push(front.close);
    const ports = await Promise.all(Array.from({ length: options.replicas }, () => freePort()));
    const proxy = await startRoundRobinProxy(ports);
    stops.push(proxy.close);
    const idp = new TestIdp({
      sp: { entityId: SP_ENTITY_ID, acsUrl: `${proxy.url}/auth/saml/acs`, sloUrl: `${proxy.url}/auth/saml/logout` },
    });
    const people = customers.map((_, i) => `person-${String(i + 1).padStart(5, '0')}@corp.example`);
    const sessionSecret = randomBytes(24).toString('hex');
    const pacing = pacingOption(options);
    const replicas: Replica[] = ports.map((port, i) =>
      replica(options.replicaEntry, {
        name: `replica-${i + 1}`,
        port,
        databaseUrl: pg.url,
        poolSize: 10,
        nomosUrl: front.url,
        clientId: CLIENT_ID,
        clientSecret,
        extraNomos: pacing === undefined ? undefined : { rateLimit: pacing },
        idpMetadataXml: idp.metadataXml(),
        spEntityId: SP_ENTITY_ID,
        spBaseUrl: proxy.url,
        sessionSecret,
        seed: i === 0 ? people.map((p, j): [string, string] => [p, customers[j].id]) : undefined,
      }),
    );
    stops.push(async () => void (await Promise.all(replicas.map((r) => r.stop()))));
    // The first one alone: it applies the migrations and writes the mappings.
    await replicas[0].start(120_000);
    await Promise.all(replicas.slice(1).map((r) => r.start(120_000)));
    say(
      `fleet up: ${options.replicas} replicas behind ${proxy.url}, PostgreSQL :${pg.port}, Nomos ${front.url}, ` +
        `pacing ${pacing ? JSON.stringify(pacing) : 'package default'}, audit chain ${hasAuditChain() ? 'yes' : 'no'}`,
    );

    const signIns = await signInAll(proxy.url, idp, people, 20);
    say(`signed in ${signIns.signedIn.length} of ${people.length} people through the proxy`);
    const faults = faultSchedule(options, { emulator, front, pg, replicas });
    // The front stamps arrivals in this process: a stall of its event loop bunches the stamps of
    // requests that arrived while it stood still. Its worst stall bounds how precise the stamps are.
    const stalls = monitorEventLoopDelay({ resolution: 10 });
    stalls.enable();
    let lastShown = performance.now();
    const tally = await clickPortal({
      origin: proxy.url,
      people: signIns.signedIn,
      clicks: options.clicks,
      concurrency: options.concurrency,
      onClick: (done) => {
        faults.tick(done);
        if (performance.now() - lastShown > 5000 || done === options.clicks) {
          lastShown = performance.now();
          const seconds = ((lastShown - started) / 1000).toFixed(0);
          say(
            `  ${done}/${options.clicks} clicks, ${emulator.counters.mintRequests} mint calls at Nomos, ${seconds} s`,
          );
        }
      },
    });
    await faults.settle();
    const faulted = options.killReplica || options.restartPostgres;
    const recovery = faulted
      ? await recoveryRound({ origin: proxy.url, people: signIns.signedIn, replicas: options.replicas })
      : undefined;
    stalls.disable();
    if (recovery)
      say(`recovery round after ${(recovery.waitedMs / 1000).toFixed(1)} s: ${JSON.stringify(recovery.byStatus)}`);
    // Retries still under way inside the replicas land before anything is counted.
    for (let last = -1; last !== emulator.counters.mintRequests;) {
      last = emulator.counters.mintRequests;
      await new Promise((resolve) => setTimeout(resolve, 1500));
    }
    await Promise.all(replicas.map((r) => r.stop()));
    const pendingBefore = await countPending(pg.url);
    const check =
      options.auditCheck && hasAuditChain()
        ? await runAuditCheck(options.replicaEntry, { ...replicas[0].config, seed: undefined })
        : undefined;
    return await readFigures({
      pacing,
      pendingBefore,
      check,
      options,
      pg,
      emulator,
      front,
      proxy,
      replicas,
      tally,
      recovery,
      signIns,
      faults: faults.log,
      secrets: { clientSecret, sessionSecret },
      durationMs: performance.now() - started,
      measuringStallMs: Math.round(stalls.max / 1e6),
    });
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}
