import type { Db } from '../open';
import { m0001 } from './0001-initial';
import { m0002 } from './0002-imports';
import { m0003 } from './0003-inbox';
import { m0004 } from './0004-roster';
import { m0005 } from './0005-roster-members';
import { m0006 } from './0006-robots';
import { m0007 } from './0007-broadcasts';
import { m0008 } from './0008-broadcast-composer';
import { m0009 } from './0009-broadcast-images';
import { m0010 } from './0010-search-automerge';
import { m0011 } from './0011-cases';
import { m0012 } from './0012-member-event-notices';
import { m0013 } from './0013-calendar';
import { m0014 } from './0014-schedules-to-columns';
import { m0015 } from './0015-playbooks';

export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}

/** Append only. */
export const migrations: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012, m0013, m0014, m0015];
