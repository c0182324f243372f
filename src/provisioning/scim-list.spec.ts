import { expectScimError } from './scim-client-requests.spec-helper.js';
import { MAX_PAGE_SIZE, readListQuery, SCIM_LIST_SCHEMA, toListResponse } from './scim-list.js';

describe('readListQuery', () => {
  it("reads Okta's look-up and its connection test", () => {
    expect(readListQuery({ filter: 'userName eq "test.user@okta.local"', startIndex: '1', count: '100' })).toEqual({
      filter: { attribute: 'userName', value: 'test.user@okta.local' },
      startIndex: 1,
      count: 100,
    });
    expect(readListQuery({ startIndex: '1', count: '2' })).toEqual({ startIndex: 1, count: 2 });
  });

  it("reads Entra's look-up, which sends the filter alone, with the defaults", () => {
    expect(readListQuery({ filter: 'externalId eq "0a21f0f2"' })).toEqual({
      filter: { attribute: 'externalId', value: '0a21f0f2' },
      startIndex: 1,
      count: MAX_PAGE_SIZE,
    });
    expect(readListQuery({})).toEqual({ startIndex: 1, count: 100 });
    expect(readListQuery(undefined)).toEqual({ startIndex: 1, count: 100 });
  });

  it('clamps as RFC 7644 §3.4.2.4 says: startIndex below 1 is 1, a negative count 0, and caps count at 100', () => {
    expect(readListQuery({ startIndex: '0', count: '-5' })).toEqual({ startIndex: 1, count: 0 });
    expect(readListQuery({ startIndex: '-3' }).startIndex).toBe(1);
    expect(readListQuery({ count: '0' }).count).toBe(0);
    expect(readListQuery({ count: '101' }).count).toBe(100);
    expect(readListQuery({ count: '99' }).count).toBe(99);
    expect(readListQuery({ startIndex: '250', count: '+10' })).toEqual({ startIndex: 250, count: 10 });
  });

  it('ignores parameters it does not act on', () => {
    expect(readListQuery({ attributes: 'userName', excludedAttributes: 'groups', sortBy: 'userName' })).toEqual({
      startIndex: 1,
      count: 100,
    });
  });

  it('refuses numbers that are not plain integers, and repeated or nested parameters (invalidValue)', () => {
    for (const query of [
      { startIndex: 'abc' },
      { startIndex: '' },
      { startIndex: '1.5' },
      { startIndex: '1e3' },
      { startIndex: '0x10' },
      { startIndex: ' 1' },
      { count: '10abc' },
      { count: '9'.repeat(20) },
      { count: ['1', '2'] },
      { startIndex: { $gt: '1' } },
      { filter: ['userName eq "a"', 'userName eq "b"'] },
      { filter: { userName: 'a' } },
    ]) {
      expectScimError(() => readListQuery(query), 400, 'invalidValue');
    }
  });

  it('passes a bad filter on as invalidFilter', () => {
    expectScimError(() => readListQuery({ filter: 'userName sw "a"' }), 400, 'invalidFilter');
    expectScimError(() => readListQuery({ filter: '' }), 400, 'invalidFilter');
  });

  it('reads only own parameters', () => {
    const query = Object.create({ count: '1', filter: 'userName eq "x"' }) as object;
    expect(readListQuery(query)).toEqual({ startIndex: 1, count: 100 });
  });
});

describe('toListResponse', () => {
  it('wraps a page in a ListResponse', () => {
    expect(toListResponse([{ id: 'a' }, { id: 'b' }], 7, 3)).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 7,
      startIndex: 3,
      itemsPerPage: 2,
      Resources: [{ id: 'a' }, { id: 'b' }],
    });
  });

  it('sends an empty Resources list when nothing matched', () => {
    const empty = toListResponse([], 0, 1);
    expect(empty).toEqual({
      schemas: [SCIM_LIST_SCHEMA],
      totalResults: 0,
      startIndex: 1,
      itemsPerPage: 0,
      Resources: [],
    });
    expect(JSON.parse(JSON.stringify(empty))).toHaveProperty('Resources', []);
  });
});
