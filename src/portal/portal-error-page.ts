const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A small, self-contained error page for people who clicked a portal link in a browser. */
export function renderPortalErrorPage(title: string, message: string, requestId: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title></head>
<body>
<main>
<h1>${escape(title)}</h1>
<p>${escape(message)}</p>
<p>Reference: <code>${escape(requestId)}</code></p>
</main>
</body>
</html>
`;
}
