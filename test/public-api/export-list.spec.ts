import { committedList, exportList } from './export-list.js';

// The public API changes only on purpose: a name added to or dropped from an entry point fails here
// until its line is added to or removed from the list file in the same commit, where review sees it.
// Each list names every export, type-only ones included, as `<kind> <name>`.
describe.each([
  { entry: 'src/index.ts', listFile: 'test/public-api/public-api.txt' },
  { entry: 'migrations/index.ts', listFile: 'test/public-api/migrations-api.txt' },
  { entry: 'src/testing/index.ts', listFile: 'test/public-api/testing-api.txt' },
])('the exports of $entry', ({ entry, listFile }) => {
  it(`are the ones ${listFile} lists`, () => {
    const actual = exportList(entry);
    const listed = committedList(listFile);
    // Only the difference is shown on failure: the lines to add to and remove from the list file.
    expect({
      notListed: actual.filter((line) => !listed.includes(line)),
      noLongerExported: listed.filter((line) => !actual.includes(line)),
    }).toEqual({ notListed: [], noLongerExported: [] });
    expect(actual).toEqual(listed);
  }, 60_000);
});

describe('exportList', () => {
  it('names the kind of each export, type-only exports included', () => {
    const list = exportList('src/index.ts');
    expect(list).toEqual(
      expect.arrayContaining([
        'class NomosPortalModule',
        'function InjectNomosPortalOptions',
        'const nomosPortalEntities',
        'interface PortalUser',
        'type NomosPortalErrorCode',
      ]),
    );
  }, 60_000);
});
