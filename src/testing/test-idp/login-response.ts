import samlify from 'samlify';
import { EntityCache, idpEntity, spEntity, type SigningFlags } from './idp-entities.js';
import type { IdpEndpoints } from './idp-endpoints.js';
import {
  fillLoginResponseTemplate,
  NAMEID_EMAIL,
  PASSWORD_PROTECTED,
  STATUS_SUCCESS,
  type LoginResponseValues,
} from './login-response-xml.js';
import type { ResolvedSp } from './sp-config.js';
import { idpKey, type KeyPair } from './test-keys.js';
import type { LoginResponseOptions, LoginResponseResult, ParsedAuthnRequest } from './test-idp.types.js';
import { newSamlId } from './xml-dom.js';

const FIVE_MINUTES_MS = 5 * 60 * 1000;

/** What a login response is built from, besides the per-call options. */
export interface LoginContext {
  endpoints: IdpEndpoints;
  sp: ResolvedSp;
  defaultKey: KeyPair;
  /** Supplies InResponseTo and RelayState defaults. */
  lastRequest?: ParsedAuthnRequest;
}

const idps = new EntityCache<ReturnType<typeof idpEntity>>();
const sps = new EntityCache<ReturnType<typeof spEntity>>();

/** Builds a login response for the HTTP-POST binding; see {@link LoginResponseOptions} for the defaults. */
export async function buildLoginResponse(ctx: LoginContext, opts: LoginResponseOptions): Promise<LoginResponseResult> {
  const now = new Date();
  const fromLast = opts.inResponseTo === undefined ? ctx.lastRequest : undefined;
  const values: LoginResponseValues = {
    responseId: newSamlId(),
    assertionId: newSamlId(),
    issuer: ctx.endpoints.entityId,
    destination: opts.destination ?? ctx.sp.acsUrl,
    inResponseTo: opts.inResponseTo === undefined ? fromLast?.id : (opts.inResponseTo ?? undefined),
    audience: opts.audience ?? ctx.sp.entityId,
    recipient: opts.recipient ?? ctx.sp.acsUrl,
    issueInstant: opts.issueInstant ?? now,
    notBefore: opts.notBefore ?? now,
    notOnOrAfter: opts.notOnOrAfter ?? new Date(now.getTime() + FIVE_MINUTES_MS),
    nameId: opts.user.nameId,
    nameIdFormat: opts.nameIdFormat ?? NAMEID_EMAIL,
    statusCode: opts.statusCode ?? STATUS_SUCCESS,
    sessionIndex: opts.sessionIndex ?? newSamlId(),
    authnInstant: opts.authnInstant ?? opts.issueInstant ?? now,
    authnContextClassRef: opts.authnContextClassRef ?? PASSWORD_PROTECTED,
    user: opts.user,
  };
  const rewrite = opts.beforeSign ?? ((xml: string) => xml);
  const samlResponse = await signAndEncrypt(ctx, opts, (template) =>
    rewrite(fillLoginResponseTemplate(template, values)),
  );
  return {
    samlResponse,
    xml: Buffer.from(samlResponse, 'base64').toString('utf8'),
    assertionId: values.assertionId,
    responseId: values.responseId,
    relayState: opts.relayState ?? fromLast?.relayState,
  };
}

async function signAndEncrypt(
  ctx: LoginContext,
  opts: LoginResponseOptions,
  build: (template: string) => string,
): Promise<string> {
  const flags: SigningFlags = { signResponse: opts.signResponse ?? true, signAssertion: opts.signAssertion ?? true };
  const encrypt = opts.encrypt ?? false;
  if (encrypt && !ctx.sp.encryptCert) throw new Error('encrypt: true needs the SP encryption certificate');
  const key = opts.signingKey ? idpKey(opts.signingKey) : ctx.defaultKey;
  // Entities are immutable, so they are shared by every TestIdp with the same key, SP and flags.
  const idp = idps.get(JSON.stringify([ctx.endpoints, key.cert, encrypt]), () =>
    idpEntity(ctx.endpoints, key, encrypt),
  );
  const sp = sps.get(JSON.stringify([ctx.sp, flags]), () => spEntity(ctx.sp, flags));
  if (!flags.signResponse && !flags.signAssertion) {
    // samlify always signs something, so an unsigned response is built (and encrypted) here.
    const xml = build(samlify.SamlLib.defaultLoginResponseTemplate.context);
    return encrypt ? samlify.SamlLib.encryptAssertion(idp, sp, xml) : Buffer.from(xml, 'utf8').toString('base64');
  }
  // encryptThenSign: the Response signature then covers the EncryptedAssertion as sent.
  const context = await idp.createLoginResponse(
    sp,
    { extract: {} },
    'post',
    {},
    {
      customTagReplacement: (template: string) => ({ id: '', context: build(template) }),
      encryptThenSign: encrypt,
    },
  );
  return context.context;
}
