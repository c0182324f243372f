import { randomBytes } from 'node:crypto';
import type { NomosApiOptions } from '../src/index.js';
import { DEMO_CUSTOMERS, EMULATOR_PORTAL_DOMAIN, NomosEmulator } from '../src/testing/index.js';

/** A running emulator and how the package reaches it. */
export interface RunningEmulator {
  emulator: NomosEmulator;
  /** Client settings for `nomos` (loopback http, fresh credentials). */
  nomos: NomosApiOptions;
  /** Hosts its links point at, for `portal.allowedLinkHosts` (https is still required). */
  allowedLinkHosts: string[];
  /** Origin pattern of its portal pages, for the CSP (`https://*.customerportal.localhost:<port>`). */
  portalOrigin: string;
}

/** Starts the Nomos emulator in-process with its demo customers, on the given ports (0 picks free ones). */
export async function startNomosEmulator(ports: { apiPort: number; portalPort: number }): Promise<RunningEmulator> {
  // Fresh credentials per start: the emulator only ever talks to this process.
  const clientId = 'intranet-example';
  const clientSecret = randomBytes(24).toString('hex');
  const emulator = new NomosEmulator({ clientId, clientSecret, customers: [...DEMO_CUSTOMERS], ...ports });
  await emulator.start();
  return {
    emulator,
    nomos: { baseUrl: emulator.apiUrl, clientId, clientSecret },
    allowedLinkHosts: [`*.${EMULATOR_PORTAL_DOMAIN}`],
    portalOrigin: `https://*.${EMULATOR_PORTAL_DOMAIN}:${emulator.portalPort}`,
  };
}
