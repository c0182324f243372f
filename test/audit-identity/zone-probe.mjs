// One writer or reader of a Date column through TypeORM, run as its own process so that it can have
// its own TZ (a Node process reads TZ once). The column is declared as the audit declares
// created_at, `type: Date`, or with an explicit column type for comparison.
// Usage: node zone-probe.mjs '<json: { options, table, type, write?: iso, id? }>' → prints JSON
import { DataSource, EntitySchema } from 'typeorm';

const { options, table, type, write, id } = JSON.parse(process.argv[2]);
const Probe = new EntitySchema({
  name: 'Probe',
  tableName: table,
  columns: {
    id: { type: Number, primary: true, generated: 'increment' },
    // 'utc-instant': the package's date columns, a bigint of epoch milliseconds with
    // utcInstantTransformer's two functions (checked against the real one in the spec).
    at:
      type === 'utc-instant'
        ? {
            name: 'at',
            type: 'bigint',
            transformer: {
              to: (d) => (d instanceof Date ? d.getTime() : d),
              from: (v) => (v == null ? null : new Date(Number(v))),
            },
          }
        : { name: 'at', type: type === 'Date' ? Date : type },
  },
});
const ds = new DataSource({ ...options, entities: [Probe] });
await ds.initialize();
try {
  const rows = ds.getRepository(Probe);
  if (write !== undefined) {
    const row = await rows.save({ at: new Date(write) });
    console.log(JSON.stringify({ id: row.id }));
  } else {
    const row = await rows.findOneByOrFail({ id });
    console.log(JSON.stringify({ at: row.at.toISOString() }));
  }
} finally {
  await ds.destroy();
}
