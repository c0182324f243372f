// What the host matrix prints and the one probe it makes before starting.
import pg from 'pg';

/** Whether a PostgreSQL server answers at `url` within two seconds. */
export async function postgresAnswers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const COLUMNS = [
  ['host', 'host'],
  ['install s', 'install'],
  ['compile', 'compile'],
  ['boot', 'boot'],
  ['flow', 'flow'],
  ['wiring lines', 'wiring'],
];

/** The matrix as a Markdown table (readable in a terminal and pasteable into a note). */
export function printTable(rows) {
  const cells = rows.map((row) => COLUMNS.map(([, key]) => String(row[key] ?? '—')));
  const widths = COLUMNS.map(([title], index) => Math.max(title.length, ...cells.map((cell) => cell[index].length)));
  const line = (values) => `| ${values.map((value, index) => value.padEnd(widths[index])).join(' | ')} |`;
  console.log(line(COLUMNS.map(([title]) => title)));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const cell of cells) console.log(line(cell));
}
