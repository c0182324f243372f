import { resourceTypes, schemas, serviceProviderConfig } from './scim-service-provider-config.js';

describe('the discovery responses', () => {
  const base = 'https://app.example.com/scim/v2/';

  it('announce PATCH and filtering (100 results), no bulk, sort, password change or ETags, and bearer tokens', () => {
    const config = serviceProviderConfig(base);
    expect(config).toMatchObject({
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
      patch: { supported: true },
      bulk: { supported: false },
      filter: { supported: true, maxResults: 100 },
      changePassword: { supported: false },
      sort: { supported: false },
      etag: { supported: false },
      meta: {
        resourceType: 'ServiceProviderConfig',
        location: 'https://app.example.com/scim/v2/ServiceProviderConfig',
      },
    });
    expect(config.authenticationSchemes).toHaveLength(1);
    expect(config.authenticationSchemes[0]).toMatchObject({ type: 'oauthbearertoken', primary: true });
  });

  it('list the User resource type only', () => {
    const types = resourceTypes(base);
    expect(types).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 1 });
    expect(types.Resources).toEqual([
      {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
        id: 'User',
        name: 'User',
        endpoint: '/Users',
        schema: 'urn:ietf:params:scim:schemas:core:2.0:User',
        meta: { resourceType: 'ResourceType', location: 'https://app.example.com/scim/v2/ResourceTypes/User' },
      },
    ]);
  });

  it('describe the kept User attributes, userName required and unique', () => {
    const list = schemas(base);
    expect(list.totalResults).toBe(1);
    const [user] = list.Resources;
    expect(user.id).toBe('urn:ietf:params:scim:schemas:core:2.0:User');
    expect(user.attributes.map((a) => a.name)).toEqual(['userName', 'displayName', 'name', 'emails', 'active']);
    expect(user.attributes[0]).toMatchObject({ required: true, uniqueness: 'server', caseExact: false });
    expect(user.attributes.find((a) => a.name === 'active')).toMatchObject({ type: 'boolean', required: false });
    expect(user.attributes.find((a) => a.name === 'emails')).toMatchObject({ type: 'complex', multiValued: true });
    expect(user.meta.location).toBe(
      'https://app.example.com/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User',
    );
  });
});
