import type { PortalUser } from '../../src/index.js';
import { html } from './html.js';
import { layout } from './layout.js';

/** The landing page: an SSO sign-in link, or the person's energy account and (for admins) the audit trail. */
export function homePage(user: PortalUser | undefined): string {
  if (!user) {
    return layout({
      title: 'Welcome',
      main: html`<h1>Welcome to the Acme Intranet</h1>
        <p>Sign in with your company account to open your energy account and the rest of the intranet.</p>
        <p><a class="button" href="/auth/saml/login?returnTo=%2F">Sign in with SSO</a></p>`,
    });
  }
  const name = user.displayName ?? user.id;
  return layout({
    title: 'Home',
    user,
    main: html`<h1>Hello, ${name}</h1>
      <section aria-labelledby="energy-heading" class="card">
        <h2 id="energy-heading">Energy</h2>
        <p>Your home energy contract, invoices and meter readings, one click away — no second password.</p>
        <p><a class="button" href="/portal">Open my energy account</a></p>
      </section>
      ${
        user.isAdmin &&
        html`<section aria-labelledby="admin-heading" class="card">
          <h2 id="admin-heading">Administration</h2>
          <p>Every energy-account link requested, with its outcome.</p>
          <p><a href="/audit">Audit</a></p>
        </section>`
      }`,
  });
}
