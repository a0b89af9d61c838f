/**
 * A process that imports one chat export into a workspace the way the app's import worker does
 * (its own connection to the workspace, which the core has opened and migrated, then the import
 * written chunk by chunk), then exits: the import crash test starts it and SIGKILLs it at random
 * moments. Prints `ready` once the connection is open, `chunk <rows>` after each committed chunk
 * (rows written so far; stdout to a pipe is synchronous, so a line read means its commit happened)
 * and `done <summary>` at the end.
 * Usage: node import-child DB_PATH FILE CHUNK_SIZE chunked|bulk
 */
import { openDatabase } from '../../electron/core/db/open';
import { importFile } from '../../electron/core/imports';
import { qqTxtImporter } from '../../electron/core/importers/qq-txt.importer';

async function main(): Promise<void> {
  const [dbPath, file, chunk, mode] = process.argv.slice(2);
  const db = openDatabase(dbPath!);
  process.stdout.write('ready\n');
  const summary = await importFile(db, qqTxtImporter, file!, {
    now: () => Date.now(),
    timeZone: 'Asia/Shanghai',
    chunkSize: Number(chunk),
    // The bulk path (message indexes and the search trigger dropped while loading) for any size.
    ...(mode === 'bulk' ? { bulkThresholdBytes: 1 } : {}),
    onProgress: (p) => process.stdout.write(`chunk ${p.messages + p.events}\n`),
  });
  process.stdout.write(`done ${JSON.stringify(summary)}\n`);
  db.close();
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
