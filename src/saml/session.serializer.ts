import { Injectable } from '@nestjs/common';
import { PassportSerializer } from '@nestjs/passport';
import type { PortalUser } from '../identity/index.js';

/** The session holds the small signed-in user object itself; nothing is looked up per request. */
@Injectable()
export class SessionSerializer extends PassportSerializer {
  serializeUser(user: PortalUser, done: (error: Error | null, user?: PortalUser) => void): void {
    done(null, user);
  }

  deserializeUser(payload: PortalUser, done: (error: Error | null, user?: PortalUser) => void): void {
    done(null, payload);
  }
}
