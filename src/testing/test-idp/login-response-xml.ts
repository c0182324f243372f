import samlify from 'samlify';
import type { TestIdpUser } from './test-idp.types.js';

/** Status code URI for success. */
export const STATUS_SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';
/** NameID format URI for e-mail addresses (node-saml's default `identifierFormat`). */
export const NAMEID_EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
/** AuthnContextClassRef of a password sign-in over TLS, what the test IdP asserts by default. */
export const PASSWORD_PROTECTED = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';
const BASIC_NAME_FORMAT = 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic';

/** Every value that goes into one login response. */
export interface LoginResponseValues {
  responseId: string;
  assertionId: string;
  issuer: string;
  destination: string;
  /** Omitted from Response and SubjectConfirmationData when undefined (unsolicited). */
  inResponseTo?: string;
  audience: string;
  recipient: string;
  issueInstant: Date;
  notBefore: Date;
  notOnOrAfter: Date;
  nameId: string;
  nameIdFormat: string;
  statusCode: string;
  sessionIndex: string;
  authnInstant: Date;
  authnContextClassRef: string;
  user: TestIdpUser;
}

/** XML-escapes text for element content and attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** The attributes a user carries, by SAML attribute name: `email`, `displayName`, `groups`, then the rest. */
export function userAttributes(user: TestIdpUser): Array<[string, string[]]> {
  const named: Array<[string, string[] | undefined]> = [
    ['email', user.email === undefined ? undefined : [user.email]],
    ['displayName', user.displayName === undefined ? undefined : [user.displayName]],
    ['groups', user.groups],
  ];
  return [...named, ...Object.entries(user.attributes ?? {})].filter(
    (entry): entry is [string, string[]] => Array.isArray(entry[1]) && entry[1].length > 0,
  );
}

/**
 * Fills samlify's login response template. samlify's own filling leaves AuthnStatement and
 * AttributeStatement empty and joins multi-valued attributes into one value, so both statements
 * are built here (one AttributeValue per value) and inserted after the escaped tags.
 */
export function fillLoginResponseTemplate(template: string, v: LoginResponseValues): string {
  // Fill the two halves apart so that no user value can ever be read as a placeholder.
  const [head, tail, extra] = template.split('{AuthnStatement}{AttributeStatement}');
  if (tail === undefined || extra !== undefined) throw new Error('Unexpected samlify login response template');
  const tags = {
    ID: v.responseId,
    AssertionID: v.assertionId,
    Destination: v.destination,
    InResponseTo: v.inResponseTo,
    Audience: v.audience,
    SubjectRecipient: v.recipient,
    Issuer: v.issuer,
    IssueInstant: v.issueInstant.toISOString(),
    StatusCode: v.statusCode,
    ConditionsNotBefore: v.notBefore.toISOString(),
    ConditionsNotOnOrAfter: v.notOnOrAfter.toISOString(),
    SubjectConfirmationDataNotOnOrAfter: v.notOnOrAfter.toISOString(),
    NameIDFormat: v.nameIdFormat,
    NameID: v.nameId,
  };
  const fill = (part: string) => samlify.SamlLib.replaceTagsByValue(part, tags);
  return fill(head) + authnStatement(v) + attributeStatement(v.user) + fill(tail);
}

function authnStatement(v: LoginResponseValues): string {
  return (
    `<saml:AuthnStatement AuthnInstant="${v.authnInstant.toISOString()}" SessionIndex="${escapeXml(v.sessionIndex)}">` +
    `<saml:AuthnContext><saml:AuthnContextClassRef>${escapeXml(v.authnContextClassRef)}</saml:AuthnContextClassRef>` +
    '</saml:AuthnContext>' +
    '</saml:AuthnStatement>'
  );
}

function attributeStatement(user: TestIdpUser): string {
  const attributes = userAttributes(user).map(([name, values]) => {
    const xmlValues = values.map(
      (value) => `<saml:AttributeValue xsi:type="xs:string">${escapeXml(value)}</saml:AttributeValue>`,
    );
    return (
      `<saml:Attribute Name="${escapeXml(name)}" NameFormat="${BASIC_NAME_FORMAT}">` +
      `${xmlValues.join('')}</saml:Attribute>`
    );
  });
  return attributes.length ? `<saml:AttributeStatement>${attributes.join('')}</saml:AttributeStatement>` : '';
}
