import type { Locale } from '../../shared/domain/enums';
import type { Db } from './db/open';

/**
 * What every service function takes first: the current workspace's database, the user's
 * language (for errors and generated text) and the clock. The core makes one per call
 * (`ctx.deps`); an area that needs more (the vault, the operator's time zone) extends it.
 */
export interface ServiceDeps {
  readonly db: Db;
  readonly locale: Locale;
  now(): number;
}
