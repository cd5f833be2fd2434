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
  /** Compares with the last visit, remembers this one, and returns the drift. */
  visit(normalizedName: string, current: Ownership, releases: ReleaseInfo[], nowIso: string): Promise<OwnershipDrift>;
};

type Stored = Record<string, OwnershipRecord>;

function isRecord(value: unknown): value is OwnershipRecord {
  const v = value as OwnershipRecord | null;
  return !!v && typeof v === 'object' && typeof v.seenAt === 'string' && Array.isArray(v.roles);
}

export function createOwnershipMemory(storage: KeyValueArea): OwnershipMemory {
  // Visits are serialised so two reports at once (panel and popup) do not overwrite each other.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    visit(normalizedName, current, releases, nowIso) {
      const run = async () => {
        const stored = ((await storage.get(OWNERSHIP_KEY))[OWNERSHIP_KEY] ?? {}) as Stored;
        const known = stored[normalizedName];
        const { drift, next } = visitOwnership(isRecord(known) ? known : null, current, releases, nowIso);
        const all: Stored = { ...stored, [normalizedName]: next };
        const names = Object.keys(all);
        if (names.length > MAX_REMEMBERED_PROJECTS) {
          names
            .sort((a, b) => byCodeUnits(all[a]?.seenAt ?? '', all[b]?.seenAt ?? ''))
            .slice(0, names.length - MAX_REMEMBERED_PROJECTS)
            .forEach((name) => delete all[name]);
        }
        await storage.set({ [OWNERSHIP_KEY]: all });
        return drift;
      };
      const result = queue.then(run, run);
      queue = result.catch(() => undefined);
      return result;
    },
  };
}
