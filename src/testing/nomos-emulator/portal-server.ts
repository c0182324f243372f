import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EmulatorState, LinkKind, LinkRefusal } from './emulator-state.js';
import { errorPage, overviewPage, startPage } from './portal-pages.js';

/** Name of the fake portal's session cookie (host-only, so each plan subdomain has its own session). */
export const PORTAL_SESSION_COOKIE = 'nomos_portal_session';

/** Only to parse request targets; never contacted. */
const BASE_URL = 'https://portal.invalid';

/** What the portal needs from the emulator. */
export interface PortalEnv {
  state: EmulatorState;
  linkLifetimeMs(): number;
}

const REFUSALS: Record<LinkRefusal, { status: number; heading: string; detail: string }> = {
  invalid: { status: 400, heading: 'This link is invalid', detail: 'Ask for a new link to sign in.' },
  used: {
    status: 410,
    heading: 'This link has already been used',
    detail: 'Each link signs you in once. Ask for a new one.',
  },
  expired: {
    status: 410,
    heading: 'This link has expired',
    detail: 'Links are only valid for a few minutes. Ask for a new one.',
  },
};

/**
 * The fake customer portal: `/auth/confirm` and `/start` accept a magic-link token once and open a
 * session; `/overview` needs that session. Never logs (the query carries a credential).
 */
export function handlePortalRequest(req: IncomingMessage, res: ServerResponse, env: PortalEnv): void {
  const target = req.url ?? '/';
  // new URL() would throw, and a throw here is an uncaught exception in the test process.
  if (!URL.canParse(target, BASE_URL)) return send(res, 400, errorPage('Bad request', 'The address is malformed.'));
  const url = new URL(target, BASE_URL);
  if (req.method !== 'GET')
    return send(res, 405, errorPage('Method not allowed', 'Only GET is supported.'), { Allow: 'GET' });

  const kind: LinkKind | undefined =
    url.pathname === '/auth/confirm' ? 'confirm' : url.pathname === '/start' ? 'start' : undefined;
  if (kind) return signIn(res, url, kind, env);

  if (url.pathname === '/overview') {
    const customer = env.state.sessionCustomer(readCookie(req.headers.cookie, PORTAL_SESSION_COOKIE));
    if (!customer)
      return send(res, 401, errorPage('You are not signed in', 'Open a new link from your provider to sign in.'));
    return send(res, 200, overviewPage(customer));
  }
  send(res, 404, errorPage('Page not found', 'There is nothing here.'));
}

function signIn(res: ServerResponse, url: URL, kind: LinkKind, env: PortalEnv): void {
  const tokenHash = url.searchParams.get('token_hash');
  const outcome =
    tokenHash && url.searchParams.get('type') === 'magiclink'
      ? env.state.consumeLink(tokenHash, kind, env.linkLifetimeMs())
      : 'invalid';
  if (typeof outcome === 'string') {
    const refusal = REFUSALS[outcome];
    return send(res, refusal.status, errorPage(refusal.heading, refusal.detail));
  }
  const customer = env.state.customers.get(outcome.customerId)!;
  const sessionId = env.state.createSession(customer.id);
  send(res, 200, kind === 'confirm' ? overviewPage(customer) : startPage(customer), {
    'Set-Cookie': `${PORTAL_SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly; Secure; SameSite=Lax`,
  });
}

function send(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    // The sign-in URLs carry a credential: keep them out of caches and Referer headers.
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    ...headers,
  });
  res.end(html);
}

/** Value of one cookie from a `Cookie` header. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
