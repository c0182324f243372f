import type { INestApplication } from '@nestjs/common';
import { ConsoleLogger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import type { NomosPortalModuleOptions } from '../../src/index.js';
import { NomosPortalModule, nomosPortalEntities } from '../../src/index.js';
import type { PortalTestApp } from '../support/portal-app.js';

/**
 * A second app process in all but the process: its own Nest app, connection pool and module
 * instance, on the same database and emulator as `t` (whose migrations already ran), signed in by
 * the same `x-test-user` header. What two replicas behind a load balancer share, and nothing more.
 */
export async function startReplica(
  t: PortalTestApp,
  portal: NomosPortalModuleOptions['portal'],
): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      // Unnamed like the first app's: TypeORM warns that the name is registered twice in this process,
      // but each Nest container injects its own DataSource.
      TypeOrmModule.forRoot({ ...t.db.options, entities: nomosPortalEntities, migrationsRun: false }),
      NomosPortalModule.forRoot({
        sso: 'none',
        nomos: { baseUrl: t.emulator.apiUrl, clientId: 'portal-test', clientSecret: t.clientSecret, timeoutMs: 1000 },
        portal: { allowedLinkHosts: ['*.customerportal.localhost'], loginPath: '/auth/saml/login', ...portal },
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication();
  app.useLogger(new ConsoleLogger({ logLevels: ['error', 'warn', 'log', 'debug', 'verbose'] }));
  app.use((request: Request & { user?: unknown }, _response: Response, next: NextFunction) => {
    const id = request.get('x-test-user');
    if (id) request.user = { id };
    next();
  });
  await app.listen(0, '127.0.0.1');
  return app;
}
