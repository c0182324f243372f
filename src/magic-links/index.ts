// Person → customer → audit → mint → audit → link; the only caller of Nomos' mint endpoint.
// Every name here is public (src/index.ts re-exports it); the link check stays in portal-link.ts.
export {
  ClientDisconnectedError,
  CustomerNotLinkedError,
  PortalAccessEndedError,
  InvalidUserError,
  MagicLinkUnavailableError,
  PortalLinkRejectedError,
  PersonRateLimitedError,
} from './magic-link.errors.js';
export { StepUpRequiredError } from './assurance.errors.js';
export type { MagicLinkSubject } from './magic-link-subject.js';
export type { SignupOptions } from './signup-offer.js';
export { MagicLinkService } from './magic-link.service.js';
export type { MintChannel, MintContext, MintedLink } from './magic-link.types.js';
export { DEEP_LINK_DEFAULT_PATHS } from './deep-link.options.js';
export type { PersonRateLimitOptions, PersonRateLimitStorage } from './person-limit.options.js';
export type { PersonLimitRedisClient } from './person-limit.redis-storage.js';
