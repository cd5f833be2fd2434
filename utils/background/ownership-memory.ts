// Remembers each viewed project's owners in extension storage (one key, bounded) so a later visit can
// say what changed. Local only: nothing here is ever sent anywhere.
import type { Ownership, OwnershipDrift, ReleaseInfo } from '../contract/report';
import type { KeyValueArea } from '../sources/http';
import { type OwnershipRecord, visitOwnership } from '../analysis/ownership-drift';
import { byCodeUnits } from '../lib/order';

export const OWNERSHIP_KEY = 'ownership-memory';
/** Enough for every project a person looks at in months; the oldest seen are dropped first. */
export const MAX_REMEMBERED_PROJECTS = 500;

export type OwnershipMemory = {
  /** Compares with the last visit, remembers this one, and returns the drift (without waiting for the write). */
  visit(normalizedName: string, current: Ownership, releases: ReleaseInfo[], nowIso: string): Promise<OwnershipDrift>;
  /** Resolves once every visit so far is written to storage (rejects with the last write's failure). */
  flush(): Promise<void>;
};

type Stored = Record<string, OwnershipRecord>;

function isRecord(value: unknown): value is OwnershipRecord {
  const v = value as OwnershipRecord | null;
  return !!v && typeof v === 'object' && typeof v.seenAt === 'string' && Array.isArray(v.roles);
}

/**
 * The stored map is read once per worker life and then kept in memory (the background is its only writer: content
 * scripts cannot reach extension storage, see entrypoints/background.ts), so a page's report never waits on reading
 * and rewriting a map of 500 projects: a visit is answered from memory and the map is written behind it, coalesced
 * (one write in flight, then one with everything since).
 */
export function createOwnershipMemory(storage: KeyValueArea): OwnershipMemory {
  let memory: Promise<Stored> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  let written: Promise<void> = Promise.resolve();
  let pending = false;

  const load = () => {
    memory ??= storage.get(OWNERSHIP_KEY).then(
      (got) => ({ ...((got[OWNERSHIP_KEY] ?? {}) as Stored) }),
      (error: unknown) => {
        memory = null; // read again next time
        throw error;
      },
    );
    return memory;
  };

  /** Writes the map as it is when the write starts; visits meanwhile are taken by the next (single) write. */
  const scheduleWrite = (all: Stored) => {
    if (pending) return;
    pending = true;
    written = written
      .catch(() => undefined)
      .then(() => {
        pending = false;
        return storage.set({ [OWNERSHIP_KEY]: all });
      });
    written.catch(() => undefined);
  };

  return {
    visit(normalizedName, current, releases, nowIso) {
      const run = async () => {
        const all = await load();
        const known = all[normalizedName];
        const { drift, next } = visitOwnership(isRecord(known) ? known : null, current, releases, nowIso);
        all[normalizedName] = next;
        const names = Object.keys(all);
        if (names.length > MAX_REMEMBERED_PROJECTS) {
          names
            .sort((a, b) => byCodeUnits(all[a]?.seenAt ?? '', all[b]?.seenAt ?? ''))
            .slice(0, names.length - MAX_REMEMBERED_PROJECTS)
            .forEach((name) => delete all[name]);
        }
        scheduleWrite(all);
        return drift;
      };
      const result = queue.then(run, run);
      queue = result.catch(() => undefined);
      return result;
    },
    async flush() {
      await queue;
      await written;
    },
  };
}
