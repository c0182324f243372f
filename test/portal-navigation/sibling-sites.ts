import type { INestApplication } from '@nestjs/common';
import { ConsoleLogger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { nomosPortalMigrations } from '../../migrations/index.js';
import { CustomerLinkService, NomosPortalModule, nomosPortalEntities } from '../../src/index.js';
import { chromiumExecutable } from '../example/browser.js';
import type { DbKind, TestDatabase } from '../support/databases.js';
import { createTestDatabase } from '../support/databases.js';
import { LogCapture, recordSecretsForRunner } from '../support/log-capture.js';
import { devTls, NomosEmulator, testClientSecret } from '../../src/testing/index.js';
import { CUSTOMERS, USERS } from '../support/portal-app.js';

/**
 * Two sibling sites, the way a company runs them: the host app at `https://app.example.com:<port>`
 * and another page of the same site at `https://evil.example.com:<port>` (a compromised wiki, a
 * user-content host). Chromium maps `*.example.com` to loopback (`--host-resolver-rules`), and
 * because `.com` is a public suffix the two are *same-site*: the host's `SameSite=Lax` cookie
 * rides along on every sub-resource, frame and form. (`*.localhost` would not do: Chromium treats
 * `app.localhost` and `evil.localhost` as different sites. Plain http would not do either: Chromium
 * sends Fetch Metadata only to trustworthy origins, so https with the dev certificate it is.)
 */
export interface SiblingSites {
  app: INestApplication;
  dataSource: DataSource;
  emulator: NomosEmulator;
  context: BrowserContext;
  page: Page;
  /** `https://app.example.com:<port>` */
  appOrigin: string;
  /** `https://evil.example.com:<port>` */
  evilOrigin: string;
  /** Serves `html` at `evilOrigin + path`. */
  evilPage(path: string, html: string): string;
  /** What reached the portal routes: the `v` query parameter, Fetch Metadata, and whether signed in. */
  seen: SeenRequest[];
  close(): Promise<number>;
}

export interface SeenRequest {
  vector: string | undefined;
  method: string;
  path: string;
  dest?: string;
  site?: string;
  purpose?: string;
  signedIn: boolean;
  finished: boolean;
}

const SESSION_COOKIE = 'host_session';

function cookieOf(request: Request): string | undefined {
  const pair = (request.get('cookie') ?? '').split(/;\s*/).find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  return pair?.slice(SESSION_COOKIE.length + 1);
}

export async function startSiblingSites(kind: DbKind): Promise<SiblingSites> {
  const logs = new LogCapture().start();
  const clientSecret = testClientSecret(16);
  const emulator = new NomosEmulator({ clientId: 'portal-test', clientSecret, customers: CUSTOMERS });
  await emulator.start();
  const db: TestDatabase = await createTestDatabase(kind);
  // The host's own sign-in: an opaque session id in a Lax cookie, the person kept server-side.
  const sessions = new Map<string, string>();
  const seen: SeenRequest[] = [];

  const moduleRef = await Test.createTestingModule({
    imports: [
      TypeOrmModule.forRoot({
        ...db.options,
        entities: nomosPortalEntities,
        migrations: nomosPortalMigrations,
        migrationsRun: true,
      }),
      NomosPortalModule.forRoot({
        sso: 'none',
        nomos: { baseUrl: emulator.apiUrl, clientId: 'portal-test', clientSecret, timeoutMs: 2000 },
        portal: {
          allowedLinkHosts: ['*.customerportal.localhost'],
          loginPath: '/host-sign-in',
          resolveUser: {
            resolve: (request) => {
              const id = sessions.get(cookieOf(request as Request) ?? '');
              return id ? { id } : undefined;
            },
          },
        },
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ httpsOptions: devTls() });
  app.useLogger(new ConsoleLogger({ logLevels: ['error', 'warn', 'log', 'debug', 'verbose'] }));
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (request.path === '/host-sign-in' && typeof request.query.user === 'string') {
      const sid = randomBytes(16).toString('hex');
      sessions.set(sid, request.query.user);
      response.setHeader('Set-Cookie', `${SESSION_COOKIE}=${sid}; Path=/; HttpOnly; Secure; SameSite=Lax`);
      response.type('html').send('<h1>Signed in</h1>');
      return;
    }
    if (request.path.startsWith('/portal')) {
      const entry: SeenRequest = {
        vector: typeof request.query.v === 'string' ? request.query.v : undefined,
        method: request.method,
        path: request.path,
        dest: request.get('sec-fetch-dest'),
        site: request.get('sec-fetch-site'),
        purpose: request.get('sec-purpose') ?? request.get('purpose'),
        signedIn: sessions.has(cookieOf(request) ?? ''),
        finished: false,
      };
      seen.push(entry);
      response.on('finish', () => (entry.finished = true));
    }
    next();
  });
  await app.listen(0, '127.0.0.1');
  await app.get(CustomerLinkService).link('alice', USERS.alice, { source: 'manual', createdBy: 'test' });

  const pages = new Map<string, string>();
  const evil: Server = createServer(devTls(), (request, response) => {
    const html = pages.get(new URL(request.url ?? '/', 'https://x').pathname);
    response.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    response.end(html ?? 'not found');
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));

  const profile = mkdtempSync(join(tmpdir(), 'nomos-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumExecutable(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--ignore-certificate-errors',
      '--host-resolver-rules=MAP *.example.com 127.0.0.1',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const port = (server: { address(): unknown }) => (server.address() as { port: number }).port;
  const evilOrigin = `https://evil.example.com:${port(evil)}`;
  return {
    app,
    emulator,
    context,
    page,
    seen,
    evilOrigin,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    appOrigin: `https://app.example.com:${port(app.getHttpServer())}`,
    evilPage(path, html) {
      pages.set(
        path,
        `<!doctype html><html><head><meta charset="utf-8"><title>sibling</title></head><body>${html}</body></html>`,
      );
      return `${evilOrigin}${path}`;
    },
    async close() {
      const secrets = [
        clientSecret,
        ...emulator.issuedTokens(),
        ...emulator.issuedLinks().flatMap((l) => [l.link, l.tokenHash]),
        ...sessions.keys(),
      ];
      await context.close();
      rmSync(profile, { recursive: true, force: true });
      await new Promise((resolve) => evil.close(resolve));
      await app.close();
      await emulator.stop();
      await db.drop();
      logs.stop();
      recordSecretsForRunner(secrets);
      return logs.leaks(secrets).length;
    },
  };
}
