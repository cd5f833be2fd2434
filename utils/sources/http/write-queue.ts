// Storage writes wait for a quiet moment, so serialising bodies never runs between the answers a page waits for.
import type { CacheEntry, CacheStore } from './cache';

/**
 * Cache writes wait this long after the last one, then go together: serialising a body for storage
 * (the 15,000-name top list takes ~20 ms in a fresh worker) must not run between the answers a page is
 * waiting for. Reads see the queued writes, so nothing is asked twice meanwhile.
 */
export const CACHE_WRITE_DELAY_MS = 150;

/** Cache writes not yet handed to the store; each stays readable here until it is stored. */
export class WriteQueue {
  private readonly queued = new Map<string, CacheEntry>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly store: CacheStore) {}

  /** The queued (not yet stored) entry for `key`, if any. */
  get(key: string): CacheEntry | undefined {
    return this.queued.get(key);
  }

  /** Queues a write; the batch goes CACHE_WRITE_DELAY_MS after the last one. */
  set(key: string, entry: CacheEntry): void {
    this.queued.set(key, entry);
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), CACHE_WRITE_DELAY_MS);
  }

  /** Hands every queued write to the store now; resolves when they are stored (tests, clearing). */
  flush(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const batch = [...this.queued];
    this.writing = this.writing.then(async () => {
      for (const [key, entry] of batch) {
        try {
          await this.store.set(key, entry);
        } catch {
          // A full or broken cache costs a refetch, never a result.
        }
        // Readable from the queue until stored (unless a newer answer replaced it meanwhile).
        if (this.queued.get(key) === entry) this.queued.delete(key);
      }
    });
    return this.writing;
  }

  /** Drops every queued write; resolves when the writes already under way are done. */
  clear(): Promise<void> {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.queued.clear();
    return this.writing;
  }
}
