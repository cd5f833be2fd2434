// Reports started for a project page view before its content is known — when the tab's navigation to it starts
// (webRequest, in the background) or by the page's prefetch (document_start), both from the URL alone — and
// joined by the getReport that the same page sends once it is parsed, with its hints. One build per page view:
// the requests start while pypi.org's HTML is still on its way, and nothing is read or judged twice.
import { normalizePackageName } from '../lib/package-name';
import type { EarlyReport, PageHints, Report } from '../contract/report';

/** A page that never sends its hints (layout not recognised, closed at once): build without them. */
export const PREFETCH_HINTS_WAIT_MS = 10_000;
/** A prefetched build older than this is not joined (the page took too long; its data may be stale). */
export const PREFETCH_KEEP_MS = 30_000;
/**
 * A second start for the same page view within this long joins the first build instead of replacing it: the
 * navigation's start, then the page's own prefetch when its HTML arrives (a page's document_start comes one
 * round-trip or so after its navigation began). An entry the page already gave its hints is never joined.
 */
export const PREFETCH_JOIN_MS = 10_000;

export type Stages = { early: Promise<EarlyReport | null>; report: Promise<Report> };
type Entry = { giveHints: (hints: PageHints | undefined) => void; stages: Stages; at: number; hinted: boolean };

export class PrefetchedReports {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number) {}

  /** Per tab: two tabs on the same project are two page views. No tab (not a content script): no key. */
  static key(tabId: number | undefined, name: string, version: string | undefined): string | null {
    return tabId === undefined || tabId < 0 ? null : `${tabId}\n${normalizePackageName(name)}\n${version ?? ''}`;
  }

  /**
   * Starts `build` now; its hints arrive with the page's getReport (or never: then undefined). False, and nothing
   * started, when this page view's build is already running and waits for its hints (see PREFETCH_JOIN_MS).
   */
  start(key: string, build: (hints: Promise<PageHints | undefined>) => Stages): boolean {
    this.prune();
    const running = this.entries.get(key);
    if (running && !running.hinted && this.now() - running.at <= PREFETCH_JOIN_MS) return false;
    running?.giveHints(undefined);
    let give!: (hints: PageHints | undefined) => void;
    const hints = new Promise<PageHints | undefined>((resolve) => (give = resolve));
    const timer = setTimeout(() => give(undefined), PREFETCH_HINTS_WAIT_MS);
    const stages = build(hints);
    stages.report.catch(() => undefined);
    stages.early.catch(() => undefined);
    const entry: Entry = {
      giveHints: (h) => {
        entry.hinted = true;
        clearTimeout(timer);
        give(h);
      },
      stages,
      at: this.now(),
      hinted: false,
    };
    this.entries.set(key, entry);
    return true;
  }

  /**
   * The early sections of the prefetched build for this page view, given the page's hints; the entry stays
   * for the getReport that follows. Null when there is none (or it is too old to join).
   */
  early(key: string | null, hints: PageHints | undefined): Promise<EarlyReport | null> | null {
    if (key === null) return null;
    const entry = this.entries.get(key);
    if (!entry || this.now() - entry.at > PREFETCH_KEEP_MS) return null;
    entry.giveHints(hints);
    return entry.stages.early;
  }

  /** The prefetched build for this page view, now given the page's hints; null when there is none. */
  take(key: string | null, hints: PageHints | undefined): Promise<Report> | null {
    if (key === null) return null;
    const entry = this.entries.get(key);
    if (!entry) return null;
    this.entries.delete(key);
    entry.giveHints(hints);
    return this.now() - entry.at <= PREFETCH_KEEP_MS ? entry.stages.report : null;
  }

  /** Settings or the cache changed under the builds: none of them is joined any more. */
  clear(): void {
    for (const entry of this.entries.values()) entry.giveHints(undefined);
    this.entries.clear();
  }

  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (now - entry.at > PREFETCH_KEEP_MS) {
        entry.giveHints(undefined);
        this.entries.delete(key);
      }
    }
  }
}
