import type { EmulatorCustomer } from './emulator.types.js';

// Frozen below: tests share this seed, so one test must not change it for the next.
const demoCustomers: EmulatorCustomer[] = [
  {
    id: 'cus_demo0anna0becker0000001',
    type: 'person',
    first_name: 'Anna',
    last_name: 'Becker',
    email: 'anna.becker@example.com',
    vat_id: null,
    created_at: '2026-01-12T09:15:00.000Z',
    planSlug: 'acme-power',
    hasSubscription: true,
  },
  {
    id: 'cus_demo0jonas0weber0000002',
    type: 'person',
    first_name: 'Jonas',
    last_name: 'Weber',
    email: 'jonas.weber@example.com',
    vat_id: null,
    created_at: '2026-02-03T14:40:00.000Z',
    planSlug: 'acme-power',
    hasSubscription: false,
  },
  {
    id: 'cus_demo0solar0werk00000003',
    type: 'company',
    first_name: 'Mira',
    last_name: 'Schulz',
    company_name: 'Solarwerk GmbH',
    email: 'energie@solarwerk.example.com',
    vat_id: 'DE123456789',
    created_at: '2026-03-21T08:05:00.000Z',
    planSlug: 'stadtwerk-demo',
    hasSubscription: true,
  },
];

/**
 * The emulator's default customers: two plans, a person and a company with subscriptions, and one
 * person without (whose link goes to the checkout). Ids are fixed so an example app can map users to them.
 */
export const DEMO_CUSTOMERS: readonly EmulatorCustomer[] = Object.freeze(demoCustomers.map((c) => Object.freeze(c)));

/**
 * `count` generated person customers on `planSlug`, one second apart, with ids `cus_gen…` and emails
 * `customer<n>@example.com`; for pagination and load tests.
 * @param startIndex first `<n>`, so successive calls do not collide. @default 1
 */
export function generateCustomers(count: number, planSlug = 'acme-power', startIndex = 1): EmulatorCustomer[] {
  const base = Date.parse('2025-06-01T00:00:00.000Z');
  return Array.from({ length: count }, (_, i) => {
    const n = startIndex + i;
    return {
      id: `cus_gen${String(n).padStart(21, '0')}`,
      type: 'person' as const,
      first_name: 'Customer',
      last_name: `Number ${n}`,
      email: `customer${n}@example.com`,
      vat_id: null,
      created_at: new Date(base + n * 1000).toISOString(),
      planSlug,
      hasSubscription: true,
    };
  });
}
