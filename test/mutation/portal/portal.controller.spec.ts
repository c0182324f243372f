// Found by `npm run test:mutation`: what the controller hands MagicLinkService and how it answers
// each route. MagicLinkService is a small fake of its one method; request and response are real
// Node objects from a loopback server, so the disconnect signal is the real one.
import { once } from 'node:events';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MagicLinkService } from '../../../src/magic-links/magic-link.service.js';
import { PortalController } from '../../../src/portal/portal.controller.js';

describe('PortalController', () => {
  it('mints on the redirect and JSON channels with what the request says about the person', async () => {
    const calls: Array<{ user: unknown; context: Record<string, unknown> }> = [];
    const magicLinks = {
      mintForUser: async (user: unknown, context: Record<string, unknown>) => {
        calls.push({ user, context });
        return {
          link: `https://acme.customerportal.energy/?token_hash=t${calls.length}`,
          customerId: 'cus_1',
          auditId: calls.length,
        };
      },
    } as unknown as MagicLinkService;
    const controller = new PortalController(magicLinks);
    const answers: unknown[] = [];
    const server = createServer((req, res) => {
      const request = Object.assign(req, {
        portalUser: { id: 'ada' },
        ip: '10.1.2.3',
        res,
        get: (name: string) => req.headers[name.toLowerCase()],
      });
      const answer = req.method === 'GET' ? controller.open(request as never) : controller.link(request as never);
      void answer.then((value) => {
        answers.push(value);
        res.end();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    for (const method of ['GET', 'POST']) {
      await new Promise<void>((resolve, reject) => {
        httpRequest(
          { host: '127.0.0.1', port, method, path: '/portal', headers: { 'user-agent': 'test-agent/1' } },
          (res) => {
            res.resume();
            res.on('end', resolve);
          },
        )
          .on('error', reject)
          .end();
      });
    }
    server.close();

    expect(answers).toEqual([
      { url: 'https://acme.customerportal.energy/?token_hash=t1', statusCode: 302 },
      { object: 'magic_link', link: 'https://acme.customerportal.energy/?token_hash=t2' },
    ]);
    expect(calls.map((c) => [c.user, c.context.channel, c.context.clientIp, c.context.userAgent])).toEqual([
      [{ id: 'ada' }, 'redirect', '10.1.2.3', 'test-agent/1'],
      [{ id: 'ada' }, 'json', '10.1.2.3', 'test-agent/1'],
    ]);
    for (const { context } of calls) {
      expect(context.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(context.signal).toBeInstanceOf(AbortSignal);
      expect((context.signal as AbortSignal).aborted).toBe(false);
    }
  });
});
