import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import request from 'supertest';
import type { SamlOptions } from '../../src/index.js';
import { NomosPortalModule, nomosPortalEntities, resolveNomosPortalOptions } from '../../src/index.js';
import { testIdp } from '../support/saml-app.js';

const nomos = { clientId: 'id', clientSecret: 'secret-value-123' };
const saml: SamlOptions = {
  idp: { metadataXml: testIdp().metadataXml() },
  sp: { entityId: 'https://intranet.corp.example/saml', baseUrl: 'https://intranet.corp.example' },
  session: { secret: 'x'.repeat(32) },
};

// One default, from the sign-in mode: the SAML login route when the module signs people in, none
// when the host does (there is no route of the module's to send anyone to).
describe('portal.loginPath', () => {
  const loginPath = (...args: Parameters<typeof resolveNomosPortalOptions>) =>
    resolveNomosPortalOptions(...args).portal.loginPath;

  it('defaults to the SAML login route, under the SAML route prefix', () => {
    expect(loginPath({ nomos, saml }, { sso: 'saml' })).toBe('/auth/saml/login');
    expect(loginPath({ nomos, saml }, { sso: 'saml', samlRoutePrefix: '/sso/' })).toBe('/sso/login');
  });

  it('has no default with sso: "none", and keeps a given one in either mode', () => {
    expect(loginPath({ nomos, saml }, { sso: 'none' })).toBeUndefined();
    expect(loginPath({ nomos, portal: { loginPath: '/login' } }, { sso: 'none' })).toBe('/login');
    expect(loginPath({ nomos, saml, portal: { loginPath: '/api/auth/saml/login' } }, { sso: 'saml' })).toBe(
      '/api/auth/saml/login',
    );
  });

  it('without sso, follows the options: SAML when the saml section is given', () => {
    expect(loginPath({ nomos, saml })).toBe('/auth/saml/login');
    expect(loginPath({ nomos })).toBeUndefined();
  });

  it('with sso: "none" and no loginPath, a signed-out browser gets the 401 sign-in page, not a redirect', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({ type: 'better-sqlite3', database: ':memory:', entities: nomosPortalEntities }),
        NomosPortalModule.forRoot({ sso: 'none', nomos }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication();
    await app.init();
    try {
      const page = await request(app.getHttpServer())
        .get('/portal')
        .set({ accept: 'text/html', 'sec-fetch-mode': 'navigate', 'sec-fetch-dest': 'document' });
      expect(page.status).toBe(401);
      expect(page.headers.location).toBeUndefined();
      expect(page.type).toBe('text/html');
    } finally {
      await app.close();
    }
  });
});
