/**
 * What a forced sign-in (the login route with `forceAuthn=1`, where the assurance gate sends a
 * browser) asks the IdP for besides `ForceAuthn="true"`. The root's slice of `portal.requireAuthnContext`:
 * the SAML part knows nothing of the gate, only what to request.
 */
export interface SamlStepUpOptions {
  /** AuthnContextClassRef values for an `exact` RequestedAuthnContext; empty: none is requested. */
  authnContext: string[];
}

/** Injection token of the {@link SamlStepUpOptions}; optional (absent: ForceAuthn alone). */
export const SAML_STEP_UP_OPTIONS = Symbol('NOMOS_SAML_STEP_UP_OPTIONS');
