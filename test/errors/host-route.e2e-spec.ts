import type { INestApplication } from '@nestjs/common';
import { Controller, Get, Module, UseFilters, UseGuards } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import request from 'supertest';
import { nomosPortalMigrations } from '../../migrations/index.js';
import type { PortalErrorPage } from '../../src/index.js';
import {
  CustomerNotLinkedError,
  NomosPortalExceptionFilter,
  NomosPortalModule,
  nomosPortalEntities,
  SignedInGuard,
} from '../../src/index.js';
import type { TestDatabase } from '../support/databases.js';
import { createTestDatabase } from '../support/databases.js';

/** A host's own routes, answered by the package's exported filter. */
@Controller('account')
@UseFilters(NomosPortalExceptionFilter)
class AccountController {
  @Get('signed-in')
  @UseGuards(SignedInGuard)
  signedIn(): string {
    return 'ok';
  }

  @Get('unlinked')
  unlinked(): never {
    throw new CustomerNotLinkedError();
  }

  @Get('broken')
  broken(): never {
    throw new Error('SELECT secret FROM host_table');
  }
}

const hostPage = (page: PortalErrorPage) => `<h1 data-code="${page.code}">${page.title}</h1>`;
const BROWSER = 'text/html,application/xhtml+xml,*/*;q=0.8';

describe('a host route using NomosPortalExceptionFilter', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    @Module({
      imports: [
        NomosPortalModule.forRoot({
          sso: 'none',
          controllers: false,
          nomos: { baseUrl: 'http://127.0.0.1:9', clientId: 'host-route', clientSecret: 'not-used-by-this-test' },
          portal: { loginPath: '/sign-in', renderErrorPage: hostPage },
        }),
      ],
      controllers: [AccountController],
    })
    class HostFeatureModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [
        TypeOrmModule.forRoot({
          ...db.options,
          entities: nomosPortalEntities,
          migrations: nomosPortalMigrations,
          migrationsRun: true,
        }),
        HostFeatureModule,
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    http = app.getHttpServer();
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('answers the package’s errors from the table: JSON for API clients, the host’s page for browsers', async () => {
    const json = await request(http).get('/account/unlinked').expect(404);
    expect(json.body).toEqual({
      statusCode: 404,
      code: 'CUSTOMER_NOT_LINKED',
      message:
        'No energy account is linked to your user yet. ' +
        'If you already have one, support can link it for you; quote the reference below.',
      requestId: json.headers['x-request-id'],
    });
    expect(json.headers['cache-control']).toBe('no-store');
    const page = await request(http).get('/account/unlinked').set('accept', BROWSER).expect(404);
    expect(page.text).toBe('<h1 data-code="CUSTOMER_NOT_LINKED">No energy account linked</h1>');
  });

  it('sends a signed-out browser to the login path with its way back, an API client a 401', async () => {
    const browser = await request(http).get('/account/signed-in?tab=1').set('accept', BROWSER).expect(302);
    expect(browser.headers.location).toBe('/sign-in?returnTo=%2Faccount%2Fsigned-in%3Ftab%3D1');
    const api = await request(http).get('/account/signed-in').expect(401);
    expect(api.body.code).toBe('SIGN_IN_REQUIRED');
  });

  it('answers anything else 500 INTERNAL_ERROR without its message', async () => {
    const res = await request(http).get('/account/broken').expect(500);
    expect(res.body).toMatchObject({ code: 'INTERNAL_ERROR', message: 'Something went wrong. Please try again.' });
    expect(JSON.stringify(res.body)).not.toContain('secret');
  });
});
