import type { PortalUser } from '../../src/index.js';
import { html, type SafeHtml } from './html.js';

/** What every page of the example is made of. */
export interface PageParts {
  /** Page title (also the `<title>`, followed by the site name). */
  title: string;
  /** The signed-in person, for the header; `undefined` when signed out. */
  user?: PortalUser;
  /** Content of `<main>`. */
  main: SafeHtml;
}

/** Site name shown in the header and every title. */
export const SITE_NAME = 'Acme Intranet';

/** A whole HTML document: language, title, skip link, header, main and footer landmarks, one stylesheet. */
export function layout({ title, user, main }: PageParts): string {
  const account = user
    ? html`<p class="who">Signed in as <strong>${user.displayName ?? user.id}</strong></p>
        <form method="post" action="/auth/saml/logout"><button type="submit" class="secondary">Sign out</button></form>`
    : undefined;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} – ${SITE_NAME}</title>
        <link rel="stylesheet" href="/assets/site.css" />
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header>
          <a class="brand" href="/">${SITE_NAME}</a>
          ${account && html`<nav aria-label="Account">${account}</nav>`}
        </header>
        <main id="main">${main}</main>
        <footer>
          <p>Example host app of <code>nestjs-nomos-portal</code>.</p>
        </footer>
      </body>
    </html> `.value;
}
