// The top-packages list, loaded once per background lifetime and kept in memory as a typosquat index
// (content scripts never hold it). Http's storage cache keeps the compact list for 30 days, so a
// restarted service worker rebuilds the index from storage without asking hugovk.github.io again.
import type { TopListStatus } from '../contract/report';
import { buildTyposquatIndex, type TyposquatIndex } from '../analysis/typosquat';
import { MINUTE_MS } from '../lib/time';
import type { Http } from '../sources/http';
import { derived, memoryStore } from './build/derived';
import { fetchTopPackages, TOP_PACKAGES_TTL_MS, topListStatus, type TopPackagesResult } from '../sources/top-packages';

/** After a failed load, ask again no sooner than this (a page load must not hammer an absent host). */
export const RETRY_MISSING_MS = 10 * MINUTE_MS;

export type TopListLoad = { status: TopListStatus; index: TyposquatIndex | null };
export type TopListLoader = () => Promise<TopListLoad>;

export function createTopListLoader(http: Http, now: () => number): TopListLoader {
  // The index is a structure of maps, not data: kept in memory, beside the list Http keeps in storage.
  const store = memoryStore();
  const ttlMs = (loaded: { result: TopPackagesResult }) => (loaded.result.ok ? TOP_PACKAGES_TTL_MS : RETRY_MISSING_MS);
  return async () => {
    const { value } = await derived(store, 'top-list-index', { now, ttlMs }, async () => {
      const result = await fetchTopPackages(http);
      // Built in a task of its own: the list often arrives with PyPI's answers, and the requests those
      // let start (Integrity, the code scan) should leave before this CPU-heavy step, not after it.
      const index = result.ok ? await nextTask().then(() => buildTyposquatIndex(result.data)) : null;
      return { result, index };
    });
    return { status: topListStatus(value.result, now()), index: value.index };
  };
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
