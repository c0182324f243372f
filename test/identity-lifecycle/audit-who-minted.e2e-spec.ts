// Issue 11, acceptance 2: the audit row of a SAML-signed-in mint says who minted — the IdP, the
// subject, the session (SessionIndex, AuthnInstant) and how the person authenticated.
import request from 'supertest';
import { AuditService } from '../../src/index.js';
import type { MagicLinkAudit } from '../../src/index.js';
import { describeEachDb } from '../support/databases.js';
import { PEOPLE, signIn, testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';
import { ALICE_OBJECT_ID, ALICE_UPN, ENTRA, entraUser } from '../saml-identity/entra-user.js';
import { CUSTOMERS } from '../support/portal-app.js';
import { CustomerLinkService } from '../../src/index.js';

const MFA_CLASS = 'urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract';

describeEachDb('the audit says who minted', (kind) => {
  const idp = testIdp();
  const env = useSamlEnv(kind);
  const t = env.app({ idp, saml: { idpPreset: 'entra' } });
  const rowsSince = async (id: number): Promise<MagicLinkAudit[]> =>
    (await t.app.get(AuditService).query({ limit: 50 })).items.filter((row) => row.id > id);

  beforeAll(async () => {
    await t.app
      .get(CustomerLinkService)
      .link({ issuer: idp.endpoints.entityId, subject: ALICE_OBJECT_ID }, CUSTOMERS[0].id);
  });

  it('records issuer, subject, sign-in name, SessionIndex, AuthnInstant and context on the issued row', async () => {
    const before = (await t.app.get(AuditService).query({ limit: 1 })).items[0]?.id ?? 0;
    const authnInstant = new Date(Math.floor(Date.now() / 1000) * 1000 - 42_000);
    const agent = request.agent(t.http);
    const done = await signIn(agent, idp, PEOPLE.alice, '/portal', {
      user: entraUser(),
      sessionIndex: '_session-audit-1',
      authnInstant,
      authnContextClassRef: MFA_CLASS,
    });
    expect(done.status).toBe(303);
    await agent.get('/portal').set('Accept', 'text/html').expect(302);
    const [row] = await rowsSince(before);
    expect(row).toMatchObject({
      outcome: 'issued',
      issuer: idp.endpoints.entityId,
      userId: ALICE_OBJECT_ID,
      userName: ALICE_UPN,
      sessionIndex: '_session-audit-1',
      authnContext: `${MFA_CLASS} amr=${ENTRA.passwordMethod},${ENTRA.mfaMethod}`,
      customerId: CUSTOMERS[0].id,
    });
    // The same instant back, whatever the engine: a Date equal to the assertion's AuthnInstant.
    expect(row.authnInstant?.toISOString()).toBe(authnInstant.toISOString());
    expect(Math.abs(row.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });
});
