import type { EmulatorCustomer } from '../../src/testing/index.js';

/** A person customer with an active subscription and this email, for the auto-link suites. */
export const personCustomer = (id: string, email: string): EmulatorCustomer => ({
  id,
  type: 'person',
  first_name: 'Test',
  last_name: id,
  email,
  created_at: '2026-02-01T10:00:00.000Z',
  planSlug: 'acme-power',
  hasSubscription: true,
});
