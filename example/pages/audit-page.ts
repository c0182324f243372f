import type { AuditPage, MagicLinkAudit, PortalUser } from '../../src/index.js';
import { html } from './html.js';
import { layout } from './layout.js';

function row(entry: MagicLinkAudit) {
  const time = entry.createdAt.toISOString();
  const outcome = entry.errorCode ? `${entry.outcome} (${entry.errorCode})` : entry.outcome;
  return html`<tr>
  <td><time datetime="${time}">${time.replace('T', ' ').slice(0, 19)}</time></td>
  <td>${entry.userId ?? '—'}</td>
  <td><code>${entry.customerId ?? '—'}</code></td>
  <td class="outcome-${entry.outcome}">${outcome}</td>
  <td>${entry.linkHost ?? '—'}</td>
  <td>${entry.linkFingerprint ? html`<code>${entry.linkFingerprint.slice(0, 12)}</code>` : '—'}</td>
</tr>`;
}

/**
 * The audit trail, newest first, one page at a time ("Older" follows the keyset cursor).
 * Shows the fingerprint prefix and host of each link, never a link.
 */
export function auditPage(user: PortalUser, page: AuditPage, paged: boolean): string {
  const table = page.items.length === 0
    ? html`<p>No energy-account links have been requested${paged ? ' before these' : ''} yet.</p>`
    : html`<table>
<caption>Energy-account links requested, newest first</caption>
<thead><tr><th scope="col">Time (UTC)</th><th scope="col">Person</th><th scope="col">Customer</th><th scope="col">Outcome</th><th scope="col">Host</th><th scope="col">Fingerprint</th></tr></thead>
<tbody>
${page.items.map(row)}
</tbody>
</table>`;
  return layout({
    title: 'Audit',
    user,
    main: html`<h1>Audit</h1>
${table}
<nav aria-label="Audit pages" class="pager">
  ${paged && html`<a href="/audit">Newest</a>`}
  ${page.next && html`<a href="/audit?after=${encodeURIComponent(page.next)}" rel="next">Older</a>`}
</nav>`,
  });
}
