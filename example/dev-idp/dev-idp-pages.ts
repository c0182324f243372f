import type { DemoPerson } from '../demo-people.js';
import { html, type SafeHtml } from '../pages/html.js';

function page(title: string, main: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} – Development IdP</title>
        <link rel="stylesheet" href="/assets/site.css" />
      </head>
      <body>
        <header><span class="brand">Development IdP</span></header>
        <main id="main">${main}</main>
      </body>
    </html> `.value;
}

const warning = html`<p class="warning" role="note">
  <strong>For development only.</strong> This identity provider signs anyone in as any demo person. It never runs with
  <code>NODE_ENV=production</code>; set <code>SAML_IDP_METADATA_FILE</code> to use your company's IdP instead.
</p>`;

function person(p: DemoPerson) {
  return html`<li>
    <div>
      <strong>${p.displayName}</strong> <span>(${p.nameId})</span>
      <p id="note-${p.key}">${p.note}</p>
    </div>
    <button type="submit" name="person" value="${p.key}" aria-describedby="note-${p.key}">
      Sign in as ${p.displayName}
    </button>
  </li>`;
}

/** The login page: one button per demo person, answering the AuthnRequest behind `handle`. */
export function loginPage(handle: string, people: readonly DemoPerson[]): string {
  return page(
    'Sign in',
    html`${warning}
      <h1>Sign in to Acme Intranet</h1>
      <form method="post" action="/dev-idp/sso">
        <input type="hidden" name="request" value="${handle}" />
        <fieldset>
          <legend>Choose a demo person</legend>
          <ul class="people">
            ${people.map(person)}
          </ul>
        </fieldset>
      </form>`,
  );
}

/**
 * The HTTP-POST binding: a form to the ACS that a tiny same-origin script submits (no inline script,
 * so a strict CSP holds), with a visible button for browsers without JavaScript.
 */
export function autoPostPage(acsUrl: string, samlResponse: string, relayState: string | undefined): string {
  return page(
    'Signing you in',
    html`<h1>Signing you in…</h1>
      <form id="saml-post" method="post" action="${acsUrl}">
        <input type="hidden" name="SAMLResponse" value="${samlResponse}" />
        ${relayState !== undefined && html`<input type="hidden" name="RelayState" value="${relayState}" />`}
        <p>If nothing happens, press Continue.</p>
        <button type="submit">Continue</button>
      </form>
      <script src="/dev-idp/auto-submit.js"></script>`,
  );
}

/** A refused request, with the way back. */
export function errorPage(message: string): string {
  return page(
    'Sign-in failed',
    html`${warning}
      <h1>Sign-in failed</h1>
      <p>${message}</p>
      <p><a href="/">Back to the intranet</a></p>`,
  );
}

/** Submits the ACS form as soon as the page has parsed it (served as a file, for the CSP). */
export const AUTO_SUBMIT_JS = "document.getElementById('saml-post').submit();\n";
