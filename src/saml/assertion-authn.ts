import { SAML_NS } from './xml-namespaces.js';

/** What the verified assertion's AuthnStatement says about the sign-in, each value bounded. */
export interface AssertionAuthnFacts {
  sessionIndex?: string;
  /** ISO 8601 UTC; absent when the IdP's value is not a date. */
  authnInstant?: string;
  contextClass?: string;
}

// Enough for any SessionIndex or context class URI seen in practice; longer text is dropped
// rather than cut, since a cut value would name a session or class that does not exist.
const MAX_FACT_CHARS = 255;
// xs:dateTime with fractional seconds and an offset fits easily.
const MAX_INSTANT_CHARS = 64;

const bounded = (value: string | null | undefined, max = MAX_FACT_CHARS): string | undefined => {
  const text = value?.trim();
  return text && text.length <= max ? text : undefined;
};

const children = (parent: Element, name: string): Element[] =>
  Array.from(parent.childNodes as unknown as ArrayLike<Element>).filter(
    (node) => node.namespaceURI === SAML_NS && node.localName === name,
  );

/**
 * Reads the first AuthnStatement that is a direct child of `assertion`, which must be the element
 * node-saml verified (an AuthnStatement nested elsewhere, e.g. in an Advice, is not about this
 * sign-in).
 */
export function readAssertionAuthn(assertion: Element): AssertionAuthnFacts {
  const statement = children(assertion, 'AuthnStatement')[0];
  if (!statement) return {};
  const context = children(statement, 'AuthnContext')[0];
  const classRef = context ? children(context, 'AuthnContextClassRef')[0] : undefined;
  const instant = bounded(statement.getAttribute('AuthnInstant'), MAX_INSTANT_CHARS);
  const parsed = instant === undefined ? Number.NaN : new Date(instant).getTime();
  const facts: AssertionAuthnFacts = {
    sessionIndex: bounded(statement.getAttribute('SessionIndex')),
    authnInstant: Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString(),
    contextClass: bounded(classRef?.textContent),
  };
  return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined));
}
