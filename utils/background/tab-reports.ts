// The last report each tab's panel received, so the popup opened on that tab shows the same verdict
// without a single new request. In memory only: when the service worker restarts, the popup falls
// back to building the report, which the Http cache then answers.
import { normalizePackageName } from '../lib/package-name';
import type { Report } from '../contract/report';

/** More tabs than anyone keeps on pypi.org at once; the oldest is forgotten first. */
export const MAX_REMEMBERED_TABS = 50;

type Remembered = { normalizedName: string; version: string | undefined; report: Report };

export class TabReports {
  private readonly byTab = new Map<number, Remembered>();

  remember(tabId: number, name: string, version: string | undefined, report: Report): void {
    this.byTab.delete(tabId); // re-insert: Map order is the age order used for eviction
    this.byTab.set(tabId, { normalizedName: normalizePackageName(name), version, report });
    while (this.byTab.size > MAX_REMEMBERED_TABS) this.byTab.delete(this.byTab.keys().next().value!);
  }

  /** The remembered report, only when it is for the package and version the tab shows now. */
  recall(tabId: number, name: string, version: string | undefined): Report | null {
    const entry = this.byTab.get(tabId);
    if (!entry || entry.normalizedName !== normalizePackageName(name) || entry.version !== version) return null;
    return entry.report;
  }

  clear(): void {
    this.byTab.clear();
  }
}
