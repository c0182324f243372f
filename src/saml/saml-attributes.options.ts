/**
 * Which assertion attributes fill the signed-in person. Each names a SAML attribute (its `Name`)
 * or `'nameID'` for the Subject's NameID. Set here, a name wins over `saml.idpPreset`.
 */
export interface SamlAttributeOptions {
  /**
   * The person's immutable id at the IdP: with the IdP's entity id, the key of the customer mapping
   * and the audit. Pick an id that is never renamed nor handed to someone else (Entra's object id, a
   * persistent NameID), not a sign-in name or email: a recycled name would inherit the customer.
   * @default 'nameID' (or the preset's)
   * @example 'http://schemas.microsoft.com/identity/claims/objectidentifier'
   */
  subject?: string;
  /**
   * Older name of {@link SamlAttributeOptions.subject}, still accepted. Setting both to different
   * values is a configuration error.
   * @deprecated use `subject`
   */
  userId?: string;
  /**
   * The name the person signs in with (UPN, email): shown and audited, never the key.
   * @default 'nameID' (or the preset's)
   */
  userName?: string;
  /** @default 'email' (or the preset's) */
  email?: string;
  /** @default 'displayName' (or the preset's) */
  displayName?: string;
  /** Multi-valued groups/roles attribute. @default 'groups' (or the preset's) */
  roles?: string;
  /**
   * Multi-valued attribute naming how the person authenticated (password, MFA, …), for the audit.
   * @default 'http://schemas.microsoft.com/claims/authnmethodsreferences' (Entra ID and AD FS)
   */
  authnMethods?: string;
}

/** The attribute names after the preset and defaults are applied; `userId` is folded into `subject`. */
export interface ResolvedSamlAttributes {
  subject: string;
  userName: string;
  email: string;
  displayName: string;
  roles: string;
  authnMethods: string;
}
