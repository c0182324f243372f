import { readAssertionAuthn } from './assertion-authn.js';
import { parseWellFormedXml } from './xml-document.js';
import { SAML_NS } from './xml-namespaces.js';

const assertion = (inner: string): Element =>
  parseWellFormedXml(`<saml:Assertion xmlns:saml="${SAML_NS}">${inner}</saml:Assertion>`)!.documentElement;

const statement = (attrs: string, classRef = 'urn:x:class') =>
  `<saml:AuthnStatement ${attrs}><saml:AuthnContext>` +
  `<saml:AuthnContextClassRef> ${classRef} </saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`;

describe('readAssertionAuthn', () => {
  it('reads the session index, the instant in UTC and the context class', () => {
    const facts = readAssertionAuthn(
      assertion(statement('AuthnInstant="2026-03-01T09:15:00.5+01:00" SessionIndex="_s1"')),
    );
    expect(facts).toEqual({
      sessionIndex: '_s1',
      authnInstant: '2026-03-01T08:15:00.500Z',
      contextClass: 'urn:x:class',
    });
  });

  it('drops an instant that is not a date, and keeps the rest', () => {
    expect(readAssertionAuthn(assertion(statement('AuthnInstant="yesterday" SessionIndex="_s1"')))).toEqual({
      sessionIndex: '_s1',
      contextClass: 'urn:x:class',
    });
  });

  it('drops values longer than their bound instead of cutting them', () => {
    const long = 'x'.repeat(256);
    const facts = readAssertionAuthn(
      assertion(statement(`AuthnInstant="2026-03-01T09:15:00Z" SessionIndex="${long}"`, `urn:${long}`)),
    );
    expect(facts).toEqual({ authnInstant: '2026-03-01T09:15:00.000Z' });
    expect(readAssertionAuthn(assertion(statement(`SessionIndex="${'y'.repeat(255)}"`))).sessionIndex).toHaveLength(
      255,
    );
  });

  it('reads only a statement that is a child of the assertion', () => {
    const nested = `<saml:Advice>${statement('SessionIndex="_advice"')}</saml:Advice>`;
    expect(readAssertionAuthn(assertion(nested))).toEqual({});
    expect(readAssertionAuthn(assertion(nested + statement('SessionIndex="_own"'))).sessionIndex).toBe('_own');
  });

  it('ignores elements of another namespace with the same names', () => {
    const foreign = '<x:AuthnStatement xmlns:x="urn:other" SessionIndex="_foreign"/>';
    expect(readAssertionAuthn(assertion(foreign))).toEqual({});
  });
});
