import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { clockSkewLine } from './clock-skew.js';
import { RecordCounter } from './record-counter.js';

describe('clockSkewLine', () => {
  const nomosTime = Date.parse('Thu, 03 Dec 2026 08:00:00 GMT');
  const header = new Date(nomosTime).toUTCString();

  it('is ok within 5 s, warns beyond, fails beyond the accepted SAML skew, in either direction', () => {
    expect(clockSkewLine(header, nomosTime + 4_000)).toMatchObject({ status: 'ok', detail: /ahead of Nomos by 4 s/ });
    expect(clockSkewLine(header, nomosTime - 20_000, 30_000)).toMatchObject({
      status: 'warn',
      detail: /behind .* 20 s/,
    });
    expect(clockSkewLine(header, nomosTime + 31_000, 30_000)).toMatchObject({ status: 'fail', fix: /NTP/ });
  });

  it('warns (does not guess) when the Date header is absent or unreadable', () => {
    expect(clockSkewLine(undefined, nomosTime).status).toBe('warn');
    expect(clockSkewLine('yesterday-ish', nomosTime).detail).toMatch(/no readable Date header/);
  });
});

describe('RecordCounter', () => {
  it('counts line ends outside double quotes only, across chunk boundaries', async () => {
    const counter = new RecordCounter();
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    await pipeline(Readable.from([Buffer.from('a,b\n1,"x\ny'), Buffer.from('"\n2,""""\n')]), counter, sink);
    expect(counter.records).toBe(3);
  });
});
