import type { PortalUser } from '../../src/index.js';
import { html } from './html.js';
import { layout } from './layout.js';

/** A short page for refusals (403, bad paging cursor): a heading, a sentence and the way home. */
export function messagePage(title: string, message: string, user?: PortalUser): string {
  return layout({
    title,
    user,
    main: html`<h1>${title}</h1>
      <p>${message}</p>
      <p><a href="/">Back to the home page</a></p>`,
  });
}
