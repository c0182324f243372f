// The click handler the way the Nomos guide shows it: global fetch, a cached client-credentials
// token, a cookie check, POST /admin/magic_link, 302. Shared by the Express and the bare Nest target
// so both do exactly the same work; only the framework around it differs.
import type { ReferenceConfig } from './reference.types.js';

let token: { value: string; expiresAt: number } | undefined;

async function accessToken(config: ReferenceConfig): Promise<string> {
  if (token && token.expiresAt - 60_000 > Date.now()) return token.value;
  const basic = Buffer.from(
    `${encodeURIComponent(config.clientId)}:${encodeURIComponent(config.clientSecret)}`,
  ).toString('base64');
  const res = await fetch(`${config.nomosUrl}/oauth/token`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  if (!res.ok) throw new Error(`token request answered ${res.status}`);
  const body = (await res.json()) as { access_token: string; expires_in: number };
  token = { value: body.access_token, expiresAt: Date.now() + body.expires_in * 1000 };
  return token.value;
}

/** The answer to one `GET /portal`: a redirect to the fresh link, or a status with a short text. */
export async function vendorClick(
  config: ReferenceConfig,
  cookieHeader: string | undefined,
): Promise<{ status: number; location?: string; text?: string }> {
  const sid = /(?:^|;\s*)sid=([^;]+)/.exec(cookieHeader ?? '')?.[1];
  const customerId = sid === undefined ? undefined : config.sessions[sid];
  if (customerId === undefined) return { status: 401, text: 'Please sign in' };
  const res = await fetch(`${config.nomosUrl}/admin/magic_link`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await accessToken(config)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ customerId }),
  });
  if (!res.ok) return { status: 502, text: 'Portal unavailable' };
  const { link } = (await res.json()) as { link: string };
  return { status: 302, location: link };
}
