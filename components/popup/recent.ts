// Recent lookups: the last ten, newest first, kept in extension storage so they survive the popup
// closing. Read back through zod: storage is ours, but a bad entry must never break the popup.
import * as z from 'zod/mini';
import { isPlausibleVersion, isValidPackageName } from '../../utils/lib/package-name';
import type { PopupApi } from './api';

export const RECENT_KEY = 'popup:recentLookups';
export const MAX_RECENT = 10;

export type RecentLookup = { name: string; version?: string };

const Stored = z.array(
  z.object({
    name: z.string().check(z.refine(isValidPackageName)),
    version: z.optional(z.string().check(z.refine(isPlausibleVersion))),
  }),
);

export async function loadRecent(storage: PopupApi['storage']): Promise<RecentLookup[]> {
  const parsed = z.safeParse(Stored, await storage.get(RECENT_KEY));
  return parsed.success ? parsed.data.slice(0, MAX_RECENT) : [];
}

/** Puts `entry` first, drops an older copy of it, keeps MAX_RECENT. */
export async function addRecent(storage: PopupApi['storage'], entry: RecentLookup): Promise<RecentLookup[]> {
  const same = (other: RecentLookup) => other.name === entry.name && other.version === entry.version;
  const next = [entry, ...(await loadRecent(storage)).filter((other) => !same(other))].slice(0, MAX_RECENT);
  await storage.set(RECENT_KEY, next);
  return next;
}

export async function clearRecent(storage: PopupApi['storage']): Promise<void> {
  await storage.set(RECENT_KEY, []);
}
