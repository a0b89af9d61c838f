/**
 * A child process for the migration race test: opens the database, says "ready", waits until the
 * go file appears (so every child reaches migrate() within a millisecond or two of the others),
 * then migrates and prints the result as JSON. Exit 1 with the error on stderr if it fails.
 */
import fs from 'node:fs';
import { openDatabase } from '../../electron/core/db/open';
import { migrate } from '../../electron/core/db/migrate';

const [file, go] = process.argv.slice(2) as [string, string];
const db = openDatabase(file);
process.stdout.write('ready\n');
const nap = new Int32Array(new SharedArrayBuffer(4));
while (!fs.existsSync(go)) Atomics.wait(nap, 0, 0, 1);
try {
  process.stdout.write(`${JSON.stringify(migrate(db))}\n`);
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n`);
  process.exitCode = 1;
} finally {
  db.close();
}
