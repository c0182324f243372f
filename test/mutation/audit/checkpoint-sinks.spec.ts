// Found by `npm run test:mutation`: what each sink writes, which answers fail it, which line readLastCheckpoint picks.
import { once } from 'node:events';
import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@nestjs/common';
import { signCheckpoint } from '../../../src/audit/audit-checkpoint.js';
import { FileCheckpointSink, HttpCheckpointSink, LogCheckpointSink, readLastCheckpoint } from '../../../src/index.js';
import { captureLogs, keys, sleep } from './chain-db.js';

const at = (headSeq: number) =>
  signCheckpoint(
    {
      headSeq,
      headHash: 'a'.repeat(64),
      rowCount: headSeq,
      anchorSeq: 0,
      anchorHash: '0'.repeat(64),
      time: 1_767_225_600_000 + headSeq,
      keyId: 'k',
    },
    keys.privateKey,
  );

describe('checkpoint sinks', () => {
  let dir: string;
  let server: Server;
  let url: string;
  let status = 204;
  let delayMs = 0;
  const seen: Array<{ method?: string; path?: string; headers: IncomingHttpHeaders; body: string }> = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nomos-mutation-sinks-'));
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        seen.push({ method: req.method, path: req.url, headers: req.headers, body });
        const answer = () => res.writeHead(status, { 'content-type': 'text/plain' }).end('endpoint text');
        if (delayMs) setTimeout(answer, delayMs);
        else answer();
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    status = 204;
    delayMs = 0;
    seen.length = 0;
  });

  describe('file', () => {
    it('appends one JSON line per checkpoint to a file only its owner can read', async () => {
      const path = join(dir, 'checkpoints.jsonl');
      const sink = new FileCheckpointSink(path);
      expect([sink.name, sink.path]).toEqual(['file', path]);
      await sink.write(at(1));
      await sink.write(at(2));
      expect(await readFile(path, 'utf8')).toBe(`${JSON.stringify(at(1))}\n${JSON.stringify(at(2))}\n`);
      expect((await stat(path)).mode & 0o777).toBe(0o600);
    });
  });

  describe('http', () => {
    it('POSTs the checkpoint as JSON with the configured headers', async () => {
      const sink = new HttpCheckpointSink(url, {
        headers: { authorization: 'Bearer sink-token', 'content-type': 'text/plain' },
      });
      expect(sink.name).toBe('http');
      await sink.write(at(3));
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ method: 'POST', path: '/hook' });
      expect(seen[0].headers).toMatchObject({ authorization: 'Bearer sink-token', 'content-type': 'application/json' });
      expect(JSON.parse(seen[0].body)).toEqual(at(3));
    });

    it('takes any 2xx and refuses anything else, saying the status only', async () => {
      const sink = new HttpCheckpointSink(url);
      for (const ok of [200, 201, 299]) {
        status = ok;
        await expect(sink.write(at(1))).resolves.toBeUndefined();
      }
      for (const refused of [300, 404, 500]) {
        status = refused;
        await expect(sink.write(at(1))).rejects.toThrow(new Error(`Audit checkpoint endpoint answered ${refused}`));
      }
    });

    it('gives up on an endpoint slower than timeoutMs', async () => {
      delayMs = 800;
      await expect(new HttpCheckpointSink(url, { timeoutMs: 100 }).write(at(1))).rejects.toThrow();
      delayMs = 50;
      await expect(new HttpCheckpointSink(url, { timeoutMs: 5000 }).write(at(1))).resolves.toBeUndefined();
      // The abandoned request's late answer must not outlive the suite.
      await sleep(800);
    });
  });

  describe('log', () => {
    it('logs one structured line', async () => {
      const lines: string[] = [];
      const sink = new LogCheckpointSink({ log: (message: string) => lines.push(message) } as unknown as Logger);
      expect(sink.name).toBe('log');
      await sink.write(at(4));
      expect(lines.map((line) => JSON.parse(line))).toEqual([{ event: 'nomos.audit.checkpoint', ...at(4) }]);
    });

    it('logs under the NomosAuditCheckpoint context by default', async () => {
      const logs = captureLogs();
      try {
        await new LogCheckpointSink().write(at(5));
        expect(logs.lines).toEqual([
          ['log', JSON.stringify({ event: 'nomos.audit.checkpoint', ...at(5) }), 'NomosAuditCheckpoint'],
        ]);
      } finally {
        logs.restore();
      }
    });
  });

  describe('readLastCheckpoint', () => {
    it('picks the newest well-formed line, past torn, foreign and blank lines', async () => {
      const path = join(dir, 'read.jsonl');
      await writeFile(path, `${JSON.stringify(at(1))}\n${JSON.stringify(at(2))}\n`);
      expect(await readLastCheckpoint(path)).toEqual(at(2));
      await appendFile(path, `{"hello":"world"}\n\n${JSON.stringify(at(3)).slice(0, 40)}`);
      expect(await readLastCheckpoint(path)).toEqual(at(2));
    });

    it('reads only the last 16 KiB', async () => {
      const path = join(dir, 'tail.jsonl');
      const line = JSON.stringify(at(7));
      const filler = `${'x'.repeat(99)}\n`.repeat(200);
      await writeFile(path, `${filler}${line}\n`);
      expect(await readLastCheckpoint(path)).toEqual(at(7));
      // Just inside the tail: the line's first byte is the tail's first byte.
      const pad = 16 * 1024 - line.length - 1;
      await writeFile(path, `${filler}${line}\n${'y'.repeat(pad - 1)}\n`);
      expect(await readLastCheckpoint(path)).toEqual(at(7));
      // One byte more and it is torn.
      await writeFile(path, `${filler}${line}\n${'y'.repeat(pad)}\n`);
      expect(await readLastCheckpoint(path)).toBeUndefined();
    });

    it('finds nothing in an empty or foreign file, and fails on a missing one', async () => {
      const empty = join(dir, 'empty.jsonl');
      await writeFile(empty, '');
      expect(await readLastCheckpoint(empty)).toBeUndefined();
      await writeFile(empty, '[1,2]\nnull\n');
      expect(await readLastCheckpoint(empty)).toBeUndefined();
      await expect(readLastCheckpoint(join(dir, 'missing.jsonl'))).rejects.toMatchObject({ code: 'ENOENT' });
    });
  });
});
