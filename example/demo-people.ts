/** A person the development IdP can sign in, and the emulator customer they are mapped to. */
export interface DemoPerson {
  /** Button value on the dev IdP's login page. */
  key: string;
  /** SAML NameID: the app user id, key of the customer mapping. */
  nameId: string;
  displayName: string;
  email: string;
  /** Groups sent in the `groups` attribute; the admin also gets the configured admin roles. */
  groups: string[];
  admin: boolean;
  /** Emulator customer (ids fixed by the emulator's demo seed); none = not linked. */
  customerId?: string;
  /** What signing in as this person shows, for the login page. */
  note: string;
}

/** The demo people: one of each case the portal handles. */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  {
    key: 'anna',
    nameId: 'anna.becker@intranet.example',
    displayName: 'Anna Becker',
    email: 'anna.becker@example.com',
    groups: ['staff'],
    admin: false,
    customerId: 'cus_demo0anna0becker0000001',
    note: 'Energy customer with a subscription: lands in the portal overview.',
  },
  {
    key: 'jonas',
    nameId: 'jonas.weber@intranet.example',
    displayName: 'Jonas Weber',
    email: 'jonas.weber@example.com',
    groups: ['staff'],
    admin: false,
    customerId: 'cus_demo0jonas0weber0000002',
    note: 'Energy customer without a subscription: lands on the checkout (/start).',
  },
  {
    key: 'lena',
    nameId: 'lena.fischer@intranet.example',
    displayName: 'Lena Fischer',
    email: 'lena.fischer@intranet.example',
    groups: ['staff'],
    admin: false,
    note: 'No energy account linked yet.',
  },
  {
    key: 'mira',
    nameId: 'mira.schulz@intranet.example',
    displayName: 'Mira Schulz',
    email: 'energie@solarwerk.example.com',
    groups: ['staff'],
    admin: true,
    customerId: 'cus_demo0solar0werk00000003',
    note: 'Admin (reads the audit trail); linked to the company Solarwerk GmbH.',
  },
];
