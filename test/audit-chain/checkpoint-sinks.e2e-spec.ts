import { once } from 'node:events';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileCheckpointSink, HttpCheckpointSink, readLastCheckpoint } from '../../src/index.js';
import { openChain } from './chain-fixture.js';

describe('checkpoint sinks', () => {
  let dir: string;
  let server: Server;
  let status = 500;
  const seen: Array<{ auth?: string; body: string }> = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nomos-sinks-'));
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        seen.push({ auth: req.headers.authorization, body });
        res.writeHead(status, { 'content-type': 'text/plain' }).end('upstream says no');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });
  afterAll(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('fails a checkpoint whose HTTP sink answers an error, naming the sink and not its URL', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook?token=sink-secret-token`;
    const file = join(dir, 'a.jsonl');
    const t = await openChain('sqlite', {
      checkpointSinks: [new HttpCheckpointSink(url, { headers: { authorization: 'Bearer sink-secret' } }), { file }],
    });
    try {
      status = 500;
      const failure = await t.chain.checkpoint().then(
        () => undefined,
        (error: Error) => error,
      );
      expect(failure?.message).toBe('Audit checkpoint not written to: http');
      expect(failure?.message).not.toContain('sink-secret');
      // The other sink still got it, and the endpoint got the header and the JSON body.
      expect(await readLastCheckpoint(file)).toMatchObject({ headSeq: 0, rowCount: 0 });
      expect(seen.at(-1)?.auth).toBe('Bearer sink-secret');
      expect(JSON.parse(seen.at(-1)!.body)).toEqual(await readLastCheckpoint(file));
      status = 204;
      await expect(t.chain.checkpoint()).resolves.toMatchObject({ headSeq: 0 });
    } finally {
      await t.close();
    }
  });

  it('reads the newest whole checkpoint from a file whose last line is torn or foreign', async () => {
    const file = join(dir, 'b.jsonl');
    const t = await openChain('sqlite', { checkpointSinks: [new FileCheckpointSink(file)] });
    try {
      const first = await t.chain.checkpoint();
      expect(await readLastCheckpoint(file)).toEqual(first);
      await appendFile(file, '{"version":"nomos-audit-checkpoint/1","headSeq":9,"head');
      expect(await readLastCheckpoint(file)).toEqual(first);
      await appendFile(file, '\n{"hello":"world"}\n\n');
      expect(await readLastCheckpoint(file)).toEqual(first);
      await expect(readLastCheckpoint(join(dir, 'missing.jsonl'))).rejects.toThrow();
    } finally {
      await t.close();
    }
  });
});
