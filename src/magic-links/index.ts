// Person → customer → audit → mint → audit → link; the only caller of Nomos' mint endpoint.
export {
  ClientDisconnectedError,
  CustomerNotLinkedError,
  InvalidUserError,
  MagicLinkUnavailableError,
  PortalLinkRejectedError,
} from './magic-link.errors.js';
export type { MagicLinkSubject } from './magic-link-subject.js';
export { MagicLinkService } from './magic-link.service.js';
export type { MintChannel, MintContext, MintedLink } from './magic-link.types.js';
export { checkPortalLink, hostIsAllowed } from './portal-link.js';
