import { childElement, childElements, NS_SAML, NS_SAMLP } from './xml-dom.js';

/** What an AuthnRequest asks of the IdP's authentication (SAML core §3.4.1). */
export interface AuthnRequestDemands {
  /** `ForceAuthn="true"`: authenticate the person afresh, not from an IdP session. */
  forceAuthn: boolean;
  /** `IsPassive="true"`: do not interact with the person. */
  isPassive: boolean;
  /** The RequestedAuthnContext, when the request carries one. */
  requestedAuthnContext?: {
    /** `exact`, `minimum`, `maximum` or `better` (`exact` when the attribute is absent). */
    comparison: string;
    /** The AuthnContextClassRef values, in order. */
    classRefs: string[];
  };
}

// Both attributes are xs:boolean, which spells each value two ways.
const isTrue = (value: string | null): boolean => value === 'true' || value === '1';

/**
 * What an AuthnRequest asks of the IdP's authentication (SAML core §3.4.1): `ForceAuthn`,
 * `IsPassive` and the `RequestedAuthnContext` with its Comparison (`exact` when absent, §3.3.2.2.1)
 * and class refs in order. The test IdP only reports them: answering the request or ignoring it
 * (as some IdPs do) is each test's choice through `loginResponse`.
 */
export function readAuthnRequestDemands(root: Element): AuthnRequestDemands {
  const requested = childElement(root, NS_SAMLP, 'RequestedAuthnContext');
  return {
    forceAuthn: isTrue(root.getAttribute('ForceAuthn')),
    isPassive: isTrue(root.getAttribute('IsPassive')),
    requestedAuthnContext: requested && {
      comparison: requested.getAttribute('Comparison') || 'exact',
      classRefs: childElements(requested)
        .filter((el) => el.namespaceURI === NS_SAML && el.localName === 'AuthnContextClassRef')
        .map((el) => el.textContent?.trim() ?? ''),
    },
  };
}
