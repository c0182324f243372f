import type { Request } from 'express';
import request from 'supertest';
import { CustomerLinkService, type PortalUserResolver } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import type { PortalTestApp } from '../support/portal-app.js';
import { CUSTOMERS, startPortalApp } from '../support/portal-app.js';

/** A host whose people have database sequence ids: `{ id: 42 }`, a number. */
const numericResolver: PortalUserResolver = {
  resolve: (req) => {
    const id = (req as Request).get('x-employee-number');
    return id === undefined ? undefined : { id: Number(id) as unknown as string };
  },
};

describeEachDb('a numeric user id from a host resolver', (kind) => {
  let t: PortalTestApp;
  beforeAll(async () => {
    t = await startPortalApp(kind, { portal: { resolveUser: numericResolver } });
    await t.app.get(CustomerLinkService).link('4711', CUSTOMERS[0].id, { source: 'manual', createdBy: 'test' });
  });
  afterAll(() => t.close());

  it('opens the portal of the customer mapped to its decimal string, at the first click', async () => {
    const res = await request(t.http).get('/portal').set('x-employee-number', '4711').set('accept', 'text/html');
    expect(res.status).toBe(302);
    expect(new URL(res.headers.location).hostname).toMatch(/\.customerportal\.localhost$/);
    expect(t.emulator.issuedLinks()).toHaveLength(1);
  });

  it('still sends a browser without a person to the login path', async () => {
    const res = await request(t.http).get('/portal').set('accept', 'text/html').expect(302);
    expect(res.headers.location).toBe('/auth/saml/login?returnTo=%2Fportal');
  });
});
