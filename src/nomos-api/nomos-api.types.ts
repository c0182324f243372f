/**
 * Wire types of the Nomos API parts this package uses (API version `2026-05-27.curie`). Nomos adds
 * fields without notice, so every shape here is open: unknown fields are kept and ignored.
 */

/** A Nomos customer (`GET /customers/{id}`, items of `GET /customers`). */
export interface NomosCustomer {
  object: 'customer';
  /** `cus_…` */
  id: string;
  type?: 'person' | 'company';
  first_name?: string;
  last_name?: string;
  company_name?: string;
  email?: string;
  vat_id?: string | null;
  created_at?: string;
  [field: string]: unknown;
}

/** One page of a cursor-paginated list. */
export interface NomosList<T> {
  object: 'list';
  items: T[];
  /** Whether another page follows; pass `next_page` as `cursor` to get it. */
  has_more: boolean;
  next_page: string | null;
  [field: string]: unknown;
}

/** `POST /oauth/token` answer. */
export interface NomosTokenResponse {
  access_token: string;
  token_type: string;
  /** Lifetime in seconds (3600 today). */
  expires_in: number;
  refresh_token?: string;
  scope?: string;
  [field: string]: unknown;
}

/** `POST /admin/magic_link` answer. The link is a credential: never log or store it. */
export interface NomosMagicLinkResponse {
  object: 'magic_link';
  link: string;
  [field: string]: unknown;
}
