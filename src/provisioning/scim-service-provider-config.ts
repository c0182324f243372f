import { MAX_PAGE_SIZE, SCIM_LIST_SCHEMA } from './scim-list.js';
import { SCIM_USER_SCHEMA } from './scim-user.js';

const CONFIG_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';

/**
 * `GET /ServiceProviderConfig` (RFC 7643 §5): PATCH and filtering (at most 100 results) supported;
 * bulk, sorting, password changes and ETags not (`meta.version` is informational: no `If-Match` is
 * honoured); authentication by a bearer token.
 * @param baseUrl the endpoint's absolute base, e.g. `https://app.example.com/scim/v2`
 */
export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: [CONFIG_SCHEMA],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'OAuth Bearer Token',
        description: 'The secret token configured at the identity provider, as Authorization: Bearer <token>',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${trimmed(baseUrl)}/ServiceProviderConfig` },
  };
}

/** `GET /ResourceTypes` (RFC 7644 §4): Users only. */
export function resourceTypes(baseUrl: string) {
  const userType = {
    schemas: [RESOURCE_TYPE_SCHEMA],
    id: 'User',
    name: 'User',
    endpoint: '/Users',
    schema: SCIM_USER_SCHEMA,
    meta: { resourceType: 'ResourceType', location: `${trimmed(baseUrl)}/ResourceTypes/User` },
  };
  return { schemas: [SCIM_LIST_SCHEMA], totalResults: 1, startIndex: 1, itemsPerPage: 1, Resources: [userType] };
}

/**
 * `GET /Schemas` (RFC 7643 §7): the core User schema, cut to the attributes this package keeps; the
 * others a client sends are accepted and ignored. userName is unique and case-insensitive.
 */
export function schemas(baseUrl: string) {
  const user = {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
    id: SCIM_USER_SCHEMA,
    name: 'User',
    description: 'User Account',
    attributes: [
      attribute('userName', { required: true, uniqueness: 'server' }),
      attribute('displayName'),
      {
        ...attribute('name'),
        type: 'complex',
        subAttributes: [attribute('givenName'), attribute('familyName')],
      },
      {
        ...attribute('emails'),
        type: 'complex',
        multiValued: true,
        subAttributes: [attribute('value'), attribute('type'), { ...attribute('primary'), type: 'boolean' }],
      },
      { ...attribute('active'), type: 'boolean' },
    ],
    meta: { resourceType: 'Schema', location: `${trimmed(baseUrl)}/Schemas/${SCIM_USER_SCHEMA}` },
  };
  return { schemas: [SCIM_LIST_SCHEMA], totalResults: 1, startIndex: 1, itemsPerPage: 1, Resources: [user] };
}

/** A single-valued, optional, read-write string attribute, with `overrides`. */
function attribute(name: string, overrides: { required?: boolean; uniqueness?: string } = {}) {
  return {
    name,
    type: 'string',
    multiValued: false,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...overrides,
  };
}

function trimmed(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}
