import type { NextStep } from './nomos-portal.errors.js';
import type { NomosPortalErrorCode } from './error-codes.js';

/** What a browser error page shows; never upstream details, only the request id to quote. */
export interface PortalErrorPage {
  /** The HTTP status the page is sent with. */
  status: number;
  /** The error's code, as the JSON answer would give it. */
  code: NomosPortalErrorCode;
  /** The page heading, from the error table. */
  title: string;
  /** The text for the person, from the error table. */
  message: string;
  /** The request id (also the `X-Request-Id` header), for the person to quote to support. */
  requestId: string;
  /** What the person can do next, when the error offers something (e.g. starting a signup). */
  nextStep?: NextStep;
}

/** Renders the HTML error page for a browser; give your own to match the host app's look. */
export type PortalErrorPageRenderer = (page: PortalErrorPage) => string;

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const META = '<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">';

/** The default: a small, self-contained page with the way back to the host's start page. */
export const renderPortalErrorPage: PortalErrorPageRenderer = ({
  title,
  message,
  requestId,
  nextStep,
}) => `<!doctype html>
<html lang="en">
<head>${META}<title>${escape(title)}</title></head>
<body>
<main>
<h1>${escape(title)}</h1>
<p>${escape(message)}</p>
${nextStepLink(nextStep)}<p>Reference: <code>${escape(requestId)}</code></p>
<p><a href="/">Back to the start page</a></p>
</main>
</body>
</html>
`;

function nextStepLink(step: NextStep | undefined): string {
  return step ? `<p><a href="${escape(step.href)}">${escape(step.label)}</a></p>\n` : '';
}
