import { preflightSamlResponse } from '../../src/saml/saml-response.checks.js';
import { SamlLoginRejectedError } from '../../src/saml/saml.errors.js';
import { DEFAULT_XML_SHAPE, preflightXml } from '../../src/saml/xml-preflight.js';
import * as tamper from '../support/saml-tamper/tamper.js';
import { TestIdp, testKeys } from '../../src/testing/index.js';

const reasonOf = (run: () => void): string | undefined => {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof SamlLoginRejectedError) return error.reason;
    throw error;
  }
};
const shape = { ...DEFAULT_XML_SHAPE, maxChars: 100_000 };
const check = (xml: string) => reasonOf(() => preflightXml(xml, 'M', shape, (r) => new SamlLoginRejectedError(r)));

describe('XML preflight', () => {
  const keys = testKeys();
  const idp = new TestIdp({
    sp: {
      entityId: 'https://sp.example',
      acsUrl: 'https://sp.example/acs',
      sloUrl: 'https://sp.example/logout',
      encryptCert: keys.spEncryption.cert,
    },
  });
  const user = {
    nameId: 'alice@corp.example',
    email: 'alice@corp.example',
    groups: Array.from({ length: 460 }, (_, i) => `group-${i}`),
  };

  it('lets real signed, encrypted and logout messages through', async () => {
    expect(reasonOf(() => preflightSamlResponse(''))).toBe('no SAMLResponse in the body');
    for (const encrypt of [false, true]) {
      const { samlResponse } = await idp.loginResponse({ user, inResponseTo: '_r1', encrypt });
      expect(reasonOf(() => preflightSamlResponse(samlResponse))).toBeUndefined();
      // IdPs that wrap base64 at 76 columns.
      expect(reasonOf(() => preflightSamlResponse(samlResponse.replace(/(.{76})/g, '$1\r\n')))).toBeUndefined();
    }
    const logout = idp.postLogoutRequest({ nameId: 'alice@corp.example', destination: 'https://sp.example/logout' });
    expect(check(logout.xml)).toBeUndefined();
  });

  it(
    'reads markup-like text in attribute values, comments ' + 'and CDATA as text (a raw "<" in a value is malformed)',
    () => {
      expect(
        check(
          '<?xml version="1.0" encoding="UTF-8"?><r a="x > y" b=\'<!DOCTYPE\'>' +
            '<!-- <!DOCTYPE x> --><![CDATA[<?pi?><!ENTITY>]]></r>',
        ),
      ).toBe('M is not well-formed XML');
      expect(
        check(
          '<?xml version="1.0"?><r a="x > y" b=\'/>\'>' +
            '<!-- <!DOCTYPE x> --><![CDATA[<?pi?><!ENTITY>]]></r>\n<!-- after -->',
        ),
      ).toBeUndefined();
    },
  );

  it.each([
    ['a DOCTYPE', '<!DOCTYPE r><r/>', 'M contains a DOCTYPE'],
    ['an ENTITY declaration', '<r><!ENTITY a "b"></r>', 'M contains a markup declaration'],
    ['a processing instruction', '<r><?xml-stylesheet href="x"?></r>', 'M contains a processing instruction'],
    [
      'a second XML declaration',
      '<?xml version="1.0"?><?xml version="1.0"?><r/>',
      'M contains a processing instruction',
    ],
    ['text that is not XML', 'hello', 'M is not XML'],
    ['an unclosed element', '<r><a></r', 'M is not well-formed XML'],
    ['two roots', '<r/><s/>', 'M is not well-formed XML'],
    ['an unterminated attribute', '<r a="x/>', 'M is not well-formed XML'],
    ['an unterminated comment', '<r><!-- x</r>', 'M is not well-formed XML'],
    ['33 levels', `${'<a>'.repeat(33)}${'</a>'.repeat(33)}`, 'M nests elements deeper than 32'],
    ['4097 elements', `<r>${'<a/>'.repeat(4096)}</r>`, 'M has more than 4096 elements'],
    [
      '33 attributes',
      `<r ${Array.from({ length: 33 }, (_, i) => `a${i}="1"`).join(' ')}/>`,
      'M has an element with more than 32 attributes',
    ],
    [
      '33 namespace URIs',
      `<r>${Array.from({ length: 33 }, (_, i) => `<a xmlns="urn:${i}"/>`).join('')}</r>`,
      'M declares more than 32 namespaces',
    ],
    [
      '2049 namespace declarations',
      `<r>${'<a xmlns:p="urn:x"/>'.repeat(2049)}</r>`,
      'M has more than 2048 namespace declarations',
    ],
    ['too much text', `<r>${'x'.repeat(100_001)}</r>`, 'M is larger than 100000 characters'],
  ])('refuses %s', (_name, xml, reason) => {
    expect(check(xml)).toBe(reason);
  });

  it('keeps the ACS refusals issue 3 named', async () => {
    const { samlResponse } = await idp.loginResponse({ user, inResponseTo: '_r2' });
    expect(reasonOf(() => preflightSamlResponse(tamper.addDoctype(samlResponse)))).toBe(
      'SAMLResponse contains a DOCTYPE',
    );
    expect(reasonOf(() => preflightSamlResponse(tamper.garbage()))).toBe('SAMLResponse is not base64');
    expect(reasonOf(() => preflightSamlResponse('QUJD=QUJD'))).toBe('SAMLResponse is not base64');
  });
});
