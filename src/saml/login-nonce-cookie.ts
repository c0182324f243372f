import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

// 32 random bytes in base64url: the only shape this SP ever gives out.
const NONCE = /^[A-Za-z0-9_-]{43}$/;

/**
 * The browser's half of a login binding: a random nonce in an HttpOnly, SameSite=Lax cookie that
 * lives as long as a login may take. Only its hash is stored on the server ({@link hashNonce}).
 */
export class LoginNonceCookie {
  /** `__Host-` over https: the browser refuses it from a sibling subdomain (no cookie tossing). */
  readonly name: string;

  constructor(
    private readonly secure: boolean,
    private readonly maxAgeMs: number,
  ) {
    this.name = secure ? '__Host-nomos-saml-login' : 'nomos-saml-login';
  }

  /** The nonce this browser holds, when its cookie has the shape given out. */
  read(request: Request): string | undefined {
    const header = request.headers.cookie ?? '';
    for (const part of header.split(';')) {
      const [name, ...rest] = part.trim().split('=');
      if (name === this.name && NONCE.test(rest.join('='))) return rest.join('=');
    }
    return undefined;
  }

  /** The nonce for a new login: the one this browser holds (so logins in two tabs both finish), else a fresh one. */
  nonceFor(request: Request): string {
    return this.read(request) ?? randomBytes(32).toString('base64url');
  }

  /** Gives the browser `nonce` (again), for the login's lifetime. */
  set(response: Response, nonce: string): void {
    response.cookie(this.name, nonce, {
      httpOnly: true,
      secure: this.secure,
      sameSite: 'lax',
      path: '/',
      maxAge: this.maxAgeMs,
    });
  }
}

/** SHA-256 hex of a nonce: what a binding row keeps of it. */
export function hashNonce(nonce: string): string {
  return createHash('sha256').update(nonce, 'utf8').digest('hex');
}

/** Whether `nonce` is the one whose hash is `stored`, compared in constant time. */
export function nonceMatches(nonce: string, stored: string): boolean {
  const left = Buffer.from(hashNonce(nonce), 'utf8');
  const right = Buffer.from(stored, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
