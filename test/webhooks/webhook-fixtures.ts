/** Nomos-side fixtures for the webhook suites: customers, subscriptions, leads and signup references. */
import { randomBytes } from 'node:crypto';
import type { PersonKey } from '../../src/index.js';
import { createSignupReference, SIGNUP_REFERENCE_KEY } from '../../src/index.js';
import type { EmulatorWebhookEvent, NomosEmulator } from '../../src/testing/index.js';
import { personCustomer } from '../support/emulator-customer.js';
import { recordSecretsForRunner } from '../support/log-capture.js';
import { REFERENCE_SECRET } from './webhook-app.js';

const DAY_MS = 86_400_000;
const IDP = 'https://sts.windows.net/5f0c5a1e-0000-4000-8000-000000000001/';

/** A fresh Nomos-looking id: the prefix and 24 lower-case alphanumerics. */
export const nomosId = (prefix: string): string => `${prefix}_${randomBytes(12).toString('hex')}`;

/** A person at the test IdP, with a fresh immutable subject. */
export const newPerson = (): PersonKey => ({ issuer: IDP, subject: randomBytes(8).toString('hex') });

/** A signup reference for `person`; recorded for the runner, which fails the run if it is ever logged. */
export function referenceFor(person: PersonKey, options: { secret?: string; nowMs?: number } = {}): string {
  const ref = createSignupReference(person, options.secret ?? REFERENCE_SECRET, options.nowMs ?? Date.now(), DAY_MS);
  recordSecretsForRunner([ref]);
  return ref;
}

/** What one signup produced at Nomos. */
export interface Signup {
  customerId: string;
  subscriptionId: string;
  leadId: string;
}

/**
 * A customer with a subscription at the emulator; the reference goes into the subscription's
 * metadata (`on: 'subscription'`), its lead's, or nowhere.
 */
export function signup(
  emulator: NomosEmulator,
  reference: string | undefined,
  on: 'subscription' | 'lead' = 'subscription',
): Signup {
  const customerId = nomosId('cus');
  const subscriptionId = nomosId('sub');
  const leadId = nomosId('lead');
  const metadata = reference === undefined ? null : { [SIGNUP_REFERENCE_KEY]: reference };
  const created_at = new Date().toISOString();
  emulator.addCustomer(personCustomer(customerId, `${customerId}@corp.example`));
  emulator.putSubscription({
    id: subscriptionId,
    customerId,
    created_at,
    metadata: on === 'subscription' ? metadata : { utm_source: 'intranet' },
  });
  emulator.putLead({ id: leadId, subscription: subscriptionId, created_at, metadata: on === 'lead' ? metadata : null });
  return { customerId, subscriptionId, leadId };
}

/** The `subscription.created` event Nomos sends for a signup. */
export const created = (s: Pick<Signup, 'subscriptionId' | 'leadId'>, id?: string): EmulatorWebhookEvent => ({
  id,
  topic: 'subscription.created',
  context: { subscription: s.subscriptionId, lead: s.leadId },
});
