/**
 * A process that runs the broadcast outbox on a workspace until nothing is left to send, then
 * exits: the crash test starts it, SIGKILLs it at random moments and starts it again.
 * Usage: node --import tsx tests/helpers/outbox-child.ts DB_PATH
 */
import { openDatabase } from '../../electron/core/db/open';
import { migrate } from '../../electron/core/db/migrate';
import { Vault } from '../../electron/core/secrets';
import { Outbox } from '../../electron/core/broadcasts/outbox';
import { robotChannel } from '../../electron/core/connections/robots.service';

const dbPath = process.argv[2]!;
const db = openDatabase(dbPath);
migrate(db);
const vault = Vault.beside(dbPath);
const outbox = new Outbox({
  db,
  now: () => Date.now(),
  channelFor: (id) => robotChannel({ db, locale: 'zh-CN', now: () => Date.now(), vault }, id),
  pollMs: 200,
  maxAttempts: 6,
});
outbox.start();
process.stdout.write('started\n');
const timer = setInterval(() => {
  const open = db.prepare("SELECT count(*) FROM broadcast_targets WHERE status IN ('queued', 'sending')").pluck().get() as number;
  if (open === 0 && outbox.busy === 0) {
    clearInterval(timer);
    void outbox.stop().then(() => {
      db.close();
      process.exit(0);
    });
  }
}, 100);
