import request from 'supertest';
import { describeEachDb } from '../support/databases.js';
import { signIn, testIdp } from '../support/saml-app.js';
import { useSamlEnv } from '../support/saml-suite.js';

// What Nest's ConsoleLogger writes at the start of a line, with a pid no process here has.
const FORGED =
  '[Nest] 4242  - 12/01/2026, 9:00:00 PM     LOG [NomosSaml] signed in admin@corp.example via https://idp.corp.example';
// Every way a terminal, a log shipper or a browser-based viewer may start a new line.
// eslint-disable-next-line no-control-regex -- VT and FF are line breaks to some log viewers
const LINE_BREAKS = /\r\n|\r|\n|\u0085|\u2028|\u2029|\u000b|\u000c/;

describeEachDb('Log lines cannot be forged through identity values', (kind) => {
  const idp = testIdp();
  const env = useSamlEnv(kind);
  const app = env.app({ idp });

  it.each([
    ['LF', '\n'],
    ['CR LF', '\r\n'],
    ['LINE SEPARATOR', '\u2028'],
    ['NEL', '\u0085'],
  ])('a NameID with %s before a fake Nest line writes no line of its own', async (_name, lineBreak) => {
    const nameId = `mallory@corp.example${lineBreak}${FORGED}`;
    const person = { nameId, email: 'mallory@corp.example', displayName: 'Mallory', groups: ['staff'] } as const;
    const before = env.logs.text.length;
    // Signed in or refused: either is fine, as long as the logs say it on the honest line.
    await signIn(request.agent(app.http), idp, person as never);
    const written = env.logs.text.slice(before);
    const lines = written.split(LINE_BREAKS);
    expect(lines.filter((line) => line.trimStart().startsWith('[Nest] 4242'))).toEqual([]);
    expect(
      lines.filter((line) => line.includes('signed in admin@corp.example') && !line.includes('mallory@corp.example')),
    ).toEqual([]);
  });

  it('logs the sign-in of such a NameID on one line, the break escaped', async () => {
    const person = {
      nameId: `mallory2@corp.example\n${FORGED}`,
      email: 'mallory2@corp.example',
      displayName: 'M',
      groups: ['staff'],
    } as const;
    const before = env.logs.text.length;
    const answer = await signIn(request.agent(app.http), idp, person as never);
    const written = env.logs.text.slice(before);
    // A NameID is the IdP's to choose: the sign-in goes ahead, and its line shows the break escaped.
    expect(answer.status).toBe(303);
    expect(written).toContain('signed in mallory2@corp.example\\n[Nest] 4242');
    expect(written).not.toContain('mallory2@corp.example\n');
  });
});
