import { ABOVE_SPEC_LOAD, callApi, fetchToken } from './emulator-http.spec-helper.js';
import { DEMO_CUSTOMERS, generateCustomers } from './demo-seed.js';
import { NomosEmulator } from './nomos-emulator.js';

const ANNA = 'cus_demo0anna0becker0000001';

describe('NomosEmulator GET /customers', () => {
  const emulator = new NomosEmulator({
    customers: [...DEMO_CUSTOMERS, ...generateCustomers(95)],
    rateLimit: ABOVE_SPEC_LOAD,
  });
  beforeAll(() => emulator.start());
  afterAll(() => emulator.stop());

  it('walks all customers page by page, newest first, without duplicates', async () => {
    const token = await fetchToken(emulator);
    const seen: { id: string; created_at: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=7&cursor=${encodeURIComponent(cursor)}` : '?limit=7';
      const res = await callApi(emulator, 'GET', `/customers${query}`, { bearer: token });
      expect(res.json.has_more).toBe(res.json.next_page !== null);
      seen.push(...res.json.items);
      cursor = res.json.next_page;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(98 / 7));
    expect(new Set(seen.map((c) => c.id)).size).toBe(98);
    const times = seen.map((c) => Date.parse(c.created_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const firstPage = await callApi(emulator, 'GET', '/customers', { bearer: token });
    expect(firstPage.json.items).toHaveLength(10);
  });

  it.each(['0', '101', 'abc', '1.5', '-3'])('refuses limit=%s with a field error', async (limit) => {
    const res = await callApi(emulator, 'GET', `/customers?limit=${limit}`, { bearer: await fetchToken(emulator) });
    expect([res.status, res.json.errors[0].field]).toEqual([400, 'limit']);
  });

  it('refuses a cursor it did not issue', async () => {
    const res = await callApi(emulator, 'GET', '/customers?cursor=bm90LWEtY3Vyc29y', {
      bearer: await fetchToken(emulator),
    });
    expect([res.status, res.json.errors[0].field]).toEqual([400, 'cursor']);
  });

  it('filters by email (case-insensitive) and ignores unknown filters', async () => {
    const token = await fetchToken(emulator);
    const list = (query: string) => callApi(emulator, 'GET', `/customers?limit=100&${query}`, { bearer: token });
    const anna = await list(`filter[email][eq]=${encodeURIComponent('Anna.Becker@EXAMPLE.com')}`);
    expect(anna.json.items.map((c: { id: string }) => c.id)).toEqual([ANNA]);
    expect((await list('filter[email][eq]=nobody@example.com')).json).toEqual({
      object: 'list',
      items: [],
      has_more: false,
      next_page: null,
    });
    expect((await list('filter[colour][eq]=blue')).json.items).toHaveLength(98);
    expect((await list('filter[type][eq]=company')).json.items).toHaveLength(1);
  });

  it(
    'strict as documented: only filter[email|type][<string ' + 'op>] apply; any other spelling returns the whole list',
    async () => {
      const token = await fetchToken(emulator);
      const count = async (query: string) =>
        (await callApi(emulator, 'GET', `/customers?limit=100&${query}`, { bearer: token })).json.items.length;
      const nobody = encodeURIComponent('nobody@example.com');
      // Each of these is a filter the real API does not know: "you get the unfiltered list!" (vendor README).
      for (const unknown of [
        `filter[e-mail][eq]=${nobody}`,
        `filter[Email][eq]=${nobody}`,
        `filter[email][equals]=${nobody}`,
        `filter[email][EQ]=${nobody}`,
        `filter[email]=${nobody}`,
        `filter[email][eq][x]=${nobody}`,
        `email=${nobody}`,
        `filter%5Bmail%5D%5Beq%5D=${nobody}`,
        'filter[created_at][gt]=2100-01-01T00:00:00Z',
      ]) {
        expect([unknown, await count(unknown)]).toEqual([unknown, 98]);
      }
      // The documented ones do filter (percent-encoded brackets are the same parameter).
      expect(await count(`filter%5Bemail%5D%5Beq%5D=${nobody}`)).toBe(0);
      expect(await count('filter[email][ends_with]=@example.com&filter[type][ne]=company')).toBe(97);
      expect(await count(`filter[email][in]=${nobody},${encodeURIComponent('anna.becker@example.com')}`)).toBe(1);
    },
  );

  it('emailFilter: folds Unicode, or ignores the email filter, while type filters still apply', async () => {
    const token = await fetchToken(emulator);
    const list = (query: string) => callApi(emulator, 'GET', `/customers?limit=100&${query}`, { bearer: token });
    const fullwidth = encodeURIComponent('\uFF21nna.Becker@EXAMPLE.com');
    try {
      expect((await list(`filter[email][eq]=${fullwidth}`)).json.items).toEqual([]);
      emulator.emailFilter = 'unicode-fold';
      expect((await list(`filter[email][eq]=${fullwidth}`)).json.items.map((c: { id: string }) => c.id)).toEqual([
        ANNA,
      ]);
      emulator.emailFilter = 'ignored';
      expect((await list('filter[email][eq]=nobody@example.com')).json.items).toHaveLength(98);
      expect((await list('filter[email][eq]=nobody@example.com&filter[type][eq]=company')).json.items).toHaveLength(1);
    } finally {
      emulator.emailFilter = 'case-insensitive';
    }
  });
});
