import type { EmulatorCustomer } from './emulator.types.js';

/** Escapes text for HTML content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, main: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)} – Nomos customer portal (emulator)</title>`,
    '</head>',
    '<body>',
    `<main>${main}</main>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function signedInAs(customer: EmulatorCustomer): string {
  const name = `${customer.first_name} ${customer.last_name}`;
  const company = customer.company_name ? ` (${customer.company_name})` : '';
  return `<p data-customer-id="${escapeHtml(customer.id)}">Signed in as ${escapeHtml(name + company)}</p>`;
}

/** The portal's landing page after a successful sign-in, or `/overview` with a session. */
export function overviewPage(customer: EmulatorCustomer): string {
  return page(
    'Overview',
    `<h1>Overview</h1>\n${signedInAs(customer)}\n` +
      `<p>Plan: <span data-plan="${escapeHtml(customer.planSlug)}">${escapeHtml(customer.planSlug)}</span></p>`,
  );
}

/** The hosted checkout a customer without a subscription lands on. */
export function startPage(customer: EmulatorCustomer): string {
  return page(
    'Start your energy contract',
    `<h1>Start your energy contract</h1>\n${signedInAs(customer)}\n<p>Choose a tariff to start your contract.</p>`,
  );
}

/** A small error page; `heading` is what tests look for ("This link has already been used", …). */
export function errorPage(heading: string, detail: string): string {
  return page(heading, `<h1>${escapeHtml(heading)}</h1>\n<p>${escapeHtml(detail)}</p>`);
}
