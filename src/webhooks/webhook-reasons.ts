/**
 * The reason codes written to `nomos_webhook_events.last_error`, all of this package's own making:
 * upstream text never reaches the row or the logs.
 */
export const WEBHOOK_REASONS = {
  /** Ignored: a topic this receiver does not act on. */
  topicNotHandled: 'topic-not-handled',
  /** Needs review: neither the subscription nor its lead carries a signup reference. */
  noReference: 'no-signup-reference',
  /** Needs review: a reference is there but forged, expired or made with an unknown secret. */
  invalidReference: 'invalid-signup-reference',
  /** Needs review: the lead says it became another subscription. */
  leadMismatch: 'lead-of-other-subscription',
  /** Needs review: the subscription's customer id is not a Nomos customer id. */
  invalidCustomer: 'invalid-customer-id',
  /** Needs review: the person is already linked to another customer. */
  linkedElsewhere: 'linked-to-other-customer',
  /** Needs review: the reference names a person the mapping cannot hold. */
  invalidPerson: 'invalid-person',
  /** Failed (retried): Nomos does not know the subscription or lead (yet). */
  nomosNotFound: 'nomos-not-found',
  /** Failed (retried): the database failed. */
  database: 'database-error',
  /** Failed (retried): anything unexpected. */
  internal: 'internal-error',
} as const;
