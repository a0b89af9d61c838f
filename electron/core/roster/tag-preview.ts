/**
 * "With these thresholds, 312 members would be silent", computed in a worker thread with its
 * own read-only connection. The latest request wins: a new preview stops the one still running
 * (its call fails with PreviewSupersededError, which the renderer ignores).
 */
import type { AutoTag, TagThresholds } from '../../../shared/domain/roster';
import { openDatabase } from '../db/open';
import { computeTags, countTags } from './tagging.service';
import { startOneShot } from '../jobs/worker-entry';

export interface TagPreviewInput {
  dbPath: string;
  asOf: number;
  thresholds: TagThresholds;
  nativeBinding?: string;
}

export type TagCounts = Record<AutoTag, number>;

/** The worker's work (also callable in-thread): the counts computeTags would store, nothing written. */
export function runTagPreview(input: TagPreviewInput): TagCounts {
  const db = openDatabase(input.dbPath, { readonly: true, ...(input.nativeBinding ? { nativeBinding: input.nativeBinding } : {}) });
  try {
    return countTags(computeTags(db, { asOf: input.asOf, thresholds: input.thresholds }));
  } finally {
    db.close();
  }
}

export class PreviewSupersededError extends Error {
  constructor() {
    super('tag preview superseded by a newer one');
    this.name = 'PreviewSupersededError';
  }
}

export class TagPreviews {
  private current: { stop(reason: Error): void } | null = null;

  /** Counts in a worker; stops (and fails with PreviewSupersededError) the preview still running. */
  async run(input: TagPreviewInput): Promise<TagCounts> {
    this.current?.stop(new PreviewSupersededError());
    const job = startOneShot<TagCounts>('tag-preview-worker.cjs', 'tag-preview.worker.ts', input);
    this.current = job;
    try {
      return await job.result;
    } finally {
      if (this.current === job) this.current = null;
    }
  }

  closeAll(): void {
    this.current?.stop(new PreviewSupersededError());
    this.current = null;
  }
}
