// A second process holding SQLite's lock on a database file, as a backup tool, a migration CLI or
// another replica would: `node hold-sqlite-lock.mjs <file> IMMEDIATE|EXCLUSIVE`. Prints "locked"
// once the lock is held and keeps it until stdin closes.
import Database from 'better-sqlite3';

const [file, mode] = process.argv.slice(2);
if (!['IMMEDIATE', 'EXCLUSIVE'].includes(mode)) throw new Error('mode must be IMMEDIATE or EXCLUSIVE');
const db = new Database(file, { timeout: 5000 });
// Rollback-journal mode (the test databases): IMMEDIATE still lets others read, EXCLUSIVE does not.
db.exec(`BEGIN ${mode}`);
process.stdout.write('locked\n');
process.stdin.resume();
process.stdin.on('end', () => {
  db.exec('ROLLBACK');
  db.close();
  process.exit(0);
});
