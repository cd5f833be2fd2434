// The top-packages list, loaded once per background lifetime and kept in memory as a typosquat index
// (content scripts never hold it). Http's storage cache keeps the compact list for 30 days, so a
// restarted service worker rebuilds the index from storage without asking hugovk.github.io again.
import type { TopListStatus } from '../contract/report';
import { buildTyposquatIndex, type TyposquatIndex } from '../analysis/typosquat';
import type { Http } from '../sources/http';
import { fetchTopPackages, TOP_PACKAGES_TTL_MS, topListStatus, type TopPackagesResult } from '../sources/top-packages';

/** After a failed load, ask again no sooner than this (a page load must not hammer an absent host). */
export const RETRY_MISSING_MS = 10 * 60_000;

export type TopListLoad = { status: TopListStatus; index: TyposquatIndex | null };
export type TopListLoader = () => Promise<TopListLoad>;

export function createTopListLoader(http: Http, now: () => number): TopListLoader {
  let loaded: { result: Promise<TopPackagesResult>; index: Promise<TyposquatIndex | null>; at: number } | null = null;
  let failed = false;
  return async () => {
    const at = now();
    const fresh = loaded && at - loaded.at < (failed ? RETRY_MISSING_MS : TOP_PACKAGES_TTL_MS);
    if (!fresh) {
      const result = fetchTopPackages(http);
      // Built in a task of its own: the list often arrives with PyPI's answers, and the requests those
      // let start (Integrity, the code scan) should leave before this CPU-heavy step, not after it.
      const index = result.then((r) => (r.ok ? nextTask().then(() => buildTyposquatIndex(r.data)) : null));
      loaded = { result, index, at };
    }
    const [result, index] = await Promise.all([loaded!.result, loaded!.index]);
    failed = !result.ok;
    return { status: topListStatus(result, now()), index };
  };
}

const nextTask = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
