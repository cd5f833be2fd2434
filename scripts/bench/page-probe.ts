// Runs inside the pypi.org page (main world, via page.addInitScript) before any of its scripts: it
// timestamps, on the page's clock (0 = navigation start = performance.timeOrigin), when the badge
// leaves "loading", when each panel section becomes final, when every search badge is final, and
// sums layout shifts. The extension's UI lives in open shadow roots, so each new shadow host gets
// its own MutationObserver. "Painted" is the next animation frame after the DOM change.
import type { Page } from 'playwright-core';

export type ProbeMarks = {
  /** DOM time the badge left "loading", then the frame it was painted in. */
  badgeDom: number | null;
  badgePaint: number | null;
  /** First time each section's data-state was final (ok / error / disabled). */
  sections: Record<string, number>;
  /** All four sections final (DOM time, then painted). */
  panelDom: number | null;
  panelPaint: number | null;
  /** Search: every result's badge final. */
  searchBadges: number;
  searchFinal: number;
  searchPaint: number | null;
  /** First shadow host of ours in the DOM: when the content script had run. */
  firstHost: number | null;
  /**
   * The page's own first frame after DOMContentLoaded (rAF, main world): nothing inserted at
   * DOMContentLoaded can be painted earlier, however fast the extension is. The first layout of a long
   * project page runs just before it.
   */
  firstFrameAfterDcl: number | null;
  /**
   * The frame time (requestAnimationFrame's argument, the same for every callback of one frame) of the page's first
   * frame after DOMContentLoaded and of the frame every search badge was painted in: equal = in the same frame.
   */
  firstFrameAfterDclTime: number | null;
  searchPaintFrameTime: number | null;
  /** The frame time of the frame the project badge was painted in (compare with firstFrameAfterDclTime). */
  badgePaintFrameTime: number | null;
  cls: number;
  shifts: { at: number; value: number; sources: string[] }[];
};

export type ProbeResult = ProbeMarks & { domContentLoaded: number; domInteractive: number; responseEnd: number; timeOrigin: number };

declare global {
  interface Window {
    __benchMarks?: ProbeMarks;
  }
}

const SECTIONS = ['repository', 'releases', 'advisories', 'provenance'];

/** Serialised into the page: must not reference anything outside itself. */
function probe(sectionNames: string[]): void {
  const marks: ProbeMarks = {
    badgeDom: null, badgePaint: null, sections: {}, panelDom: null, panelPaint: null,
    searchBadges: 0, searchFinal: 0, searchPaint: null, firstHost: null, firstFrameAfterDcl: null,
    firstFrameAfterDclTime: null, searchPaintFrameTime: null, badgePaintFrameTime: null, cls: 0, shifts: [],
  };
  document.addEventListener('DOMContentLoaded', () => nextFrame((t, frame) => {
    marks.firstFrameAfterDcl = t;
    marks.firstFrameAfterDclTime = frame;
  }), { once: true });
  window.__benchMarks = marks;
  const now = () => performance.now();
  const nextFrame = (set: (t: number, frame: number) => void) => requestAnimationFrame((frame) => set(now(), frame));

  try {
    new PerformanceObserver((list) => {
      type Rect = { x: number; y: number; width: number; height: number };
      type Source = { node?: Node | null; previousRect: Rect; currentRect: Rect };
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean; sources?: Source[] })[]) {
        if (entry.hadRecentInput) continue;
        marks.cls += entry.value;
        const r = (b: Rect) => `${Math.round(b.x)},${Math.round(b.y)} ${Math.round(b.width)}×${Math.round(b.height)}`;
        marks.shifts.push({
          at: entry.startTime,
          value: entry.value,
          sources: (entry.sources ?? []).map((s) => {
            const n = s.node as Element | null | undefined;
            const name = n ? `${n.nodeName.toLowerCase()}${n.id ? `#${n.id}` : ''}${n.className && typeof n.className === 'string' ? `.${n.className.split(' ')[0]}` : ''}` : '?';
            return `${name} ${r(s.previousRect)} → ${r(s.currentRect)}`;
          }),
        });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  } catch {
    /* layout-shift unsupported: cls stays 0 */
  }

  const HOSTS = 'pypi-trust-badge, pypi-trust-panel, pypi-trust-search-badge';
  const watched = new WeakSet<Node>();
  const final = (state: string | null) => state !== null && state !== 'loading';

  const check = () => {
    const t = now();
    const badgeHost = document.querySelector('pypi-trust-badge');
    const badge = badgeHost?.shadowRoot?.querySelector('[data-testid="trust-badge"]');
    if (marks.badgeDom === null && badge && final(badge.getAttribute('data-level'))) {
      marks.badgeDom = t;
      nextFrame((p, frame) => {
        marks.badgePaint = p;
        marks.badgePaintFrameTime = frame;
      });
    }
    const panel = document.querySelector('pypi-trust-panel')?.shadowRoot;
    if (panel) {
      for (const name of sectionNames) {
        const el = panel.querySelector(`[data-section="${name}"]`);
        if (marks.sections[name] === undefined && el && final(el.getAttribute('data-state'))) marks.sections[name] = t;
      }
      if (marks.panelDom === null && sectionNames.every((n) => marks.sections[n] !== undefined)) {
        marks.panelDom = t;
        nextFrame((p) => (marks.panelPaint = p));
      }
    }
    const searchHosts = document.querySelectorAll('pypi-trust-search-badge');
    if (searchHosts.length > 0) {
      let done = 0;
      for (const host of searchHosts) {
        if (final(host.shadowRoot?.querySelector('[data-testid="trust-badge"]')?.getAttribute('data-level') ?? null)) done++;
      }
      if (done > marks.searchBadges) {
        marks.searchBadges = done;
        if (done === searchHosts.length) {
          marks.searchFinal = t;
          nextFrame((p, frame) => {
            marks.searchPaint = p;
            marks.searchPaintFrameTime = frame;
          });
        }
      }
    }
  };

  const watch = (root: Node) => {
    if (watched.has(root)) return;
    watched.add(root);
    new MutationObserver(() => {
      for (const host of (root as ParentNode).querySelectorAll?.(HOSTS) ?? []) {
        marks.firstHost ??= now();
        if (host.shadowRoot) watch(host.shadowRoot);
      }
      check();
    }).observe(root, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-level', 'data-state'] });
  };
  watch(document);
}

export async function installProbe(page: Page): Promise<void> {
  // tsx (esbuild keepNames) wraps named inner functions in __name(): give the page a no-op one.
  await page.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
  await page.addInitScript(probe, SECTIONS);
}

export async function readProbe(page: Page): Promise<ProbeResult> {
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return {
      ...(window.__benchMarks as ProbeMarks),
      domContentLoaded: nav?.domContentLoadedEventStart ?? NaN,
      domInteractive: nav?.domInteractive ?? NaN,
      responseEnd: nav?.responseEnd ?? NaN,
      timeOrigin: performance.timeOrigin,
    };
  });
}

/** Wait until `done(marks)` holds (polling the page), or give up after `timeoutMs`. */
export async function waitForProbe(page: Page, done: (m: ProbeMarks) => boolean, timeoutMs = 20_000): Promise<ProbeMarks> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const marks = await page.evaluate(() => window.__benchMarks ?? null);
    if (marks && done(marks)) return marks;
    if (Date.now() > deadline) throw new Error(`page did not settle within ${timeoutMs} ms: ${JSON.stringify(marks)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
