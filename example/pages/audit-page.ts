import type { AuditPage, MagicLinkAudit, PortalUser } from '../../src/index.js';
import { escapeHtml, html, SafeHtml } from './html.js';
import { layout } from './layout.js';

// Host names may wrap after a dot or ":", e-mail addresses after "@", so the table fits a laptop screen.
const breakable = (text: string, after: RegExp) => new SafeHtml(escapeHtml(text).replace(after, '$1<wbr>'));

function row(entry: MagicLinkAudit) {
  const time = entry.createdAt.toISOString();
  const outcome = entry.errorCode ? `${entry.outcome} (${entry.errorCode})` : entry.outcome;
  return html`<tr>
    <td class="nowrap"><time datetime="${time}">${time.replace('T', ' ').slice(0, 19)}</time></td>
    <td>${entry.userId ? breakable(entry.userId, /(@)/g) : '—'}</td>
    <td>${entry.customerId ? html`<code>${entry.customerId}</code>` : '—'}</td>
    <td class="outcome-${entry.outcome}">${outcome}</td>
    <td>${entry.linkHost ? breakable(entry.linkHost, /([.:])/g) : '—'}</td>
    <td>${entry.linkFingerprint ? html`<code>${entry.linkFingerprint.slice(0, 12)}</code>` : '—'}</td>
  </tr>`;
}

/**
 * The audit trail, newest first, one page at a time ("Older" follows the keyset cursor).
 * Shows the fingerprint prefix and host of each link, never a link.
 */
export function auditPage(user: PortalUser, page: AuditPage, paged: boolean): string {
  const table =
    page.items.length === 0
      ? html`<p>No energy-account links have been requested${paged ? ' before these' : ''} yet.</p>`
      : html`<div class="table-scroll" role="region" aria-label="Audit rows" tabindex="0">
          <table>
            <caption>
              Energy-account links requested, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">Time (UTC)</th>
                <th scope="col">Person</th>
                <th scope="col">Customer</th>
                <th scope="col">Outcome</th>
                <th scope="col">Host</th>
                <th scope="col">Fingerprint</th>
              </tr>
            </thead>
            <tbody>
              ${page.items.map(row)}
            </tbody>
          </table>
        </div>`;
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
