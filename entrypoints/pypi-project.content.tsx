// Project and version pages: a badge beside the title and the trust panel in the sidebar.
// Thin: reads the page through utils/pypi-page.ts, asks the background for one report (joining the build
// pypi-prefetch.content.ts started from the URL at document_start, now with the page's hints), renders components.
import { render } from 'preact';
import { browser } from 'wxt/browser';
// Inline (not cssInjectionMode 'ui'): no fetch of the stylesheet before the UI can mount.
import styles from '../components/shared/styles.css?inline';
import { TrustBadge } from '../components/panel/TrustBadge';
import { RemovedBanner } from '../components/panel/RemovedBanner';
import { TrustPanel } from '../components/panel/TrustPanel';
import { ask } from '../utils/contract/messages';
import {
  findAnchors,
  findNotFoundAnchor,
  isNotFoundPage,
  isParsedPast,
  parseProjectUrl,
  readProjectLinks,
  readShownVersion,
  readVerifiedUrls,
} from '../utils/page/pypi-page';
import type { EarlyReport, Report } from '../utils/contract/report';

type ViewState = { report: Report | null; loading: boolean; error: string | null; codeScanning?: boolean; early?: EarlyReport | null };

export default defineContentScript({
  matches: ['https://pypi.org/project/*'],
  // document_start: evaluated while pypi.org's page is still loading, ready at DOMContentLoaded.
  runAt: 'document_start',
  cssInjectionMode: 'manual',
  async main(ctx) {
    const ref = parseProjectUrl(location.href);
    if (!ref) return;
    // The sidebar is parsed long before the description that follows it: its hints can leave then.
    await sidebarParsed();
    // PyPI removes malware: its 404 page for a project may hide why the project is gone.
    if (isNotFoundPage(document)) return showIfRemovedAsMalicious(ctx, ref.name);
    const anchors = findAnchors(document);
    if (!anchors) {
      // pypi.org changed its layout: stay invisible rather than break the page (the popup still works).
      console.info('[PyPI Trust Panel] page layout not recognised; nothing injected on this page');
      return;
    }
    const shownVersion = readShownVersion(document, ref.name) ?? undefined;
    const verifiedUrls = readVerifiedUrls(document);
    const projectLinks = readProjectLinks(document);
    const pageHints = { verifiedUrls, shownVersion, projectLinks };
    const requestReport = () =>
      ask((message) => browser.runtime.sendMessage(message), { type: 'getReport', name: ref.name, version: ref.version, pageHints });
    // Asked before the UI is built: the hints reach the background (and the requests they allow start)
    // while the shadow roots and placeholders are being made. The early answer (repository, releases,
    // advisories) fills the panel while an attested project's provenance takes its second round-trip.
    const earlyReport = ask((message) => browser.runtime.sendMessage(message), { type: 'getEarlyReport', name: ref.name, version: ref.version, pageHints });
    const firstReport = requestReport();
    firstReport.catch(() => undefined);
    earlyReport.then(
      (early) => {
        if (!early || state.report || !state.loading) return; // no early stage, or the whole report was first
        state = { ...state, early };
        paint();
      },
      () => undefined, // only a head start: getReport reports any failure
    );

    let state: ViewState = { report: null, loading: true, error: null };
    const ruleUrl = (ruleId: string) => browser.runtime.getURL(`/rules.html#${encodeURIComponent(ruleId)}`);

    const [panelUi, badgeUi] = await Promise.all([
      createShadowRootUi(ctx, {
        name: 'pypi-trust-panel',
        css: styles,
        position: 'inline',
        anchor: anchors.insertBefore ?? anchors.sidebar,
        append: anchors.insertBefore ? 'before' : 'first',
        onMount: (container) => container,
      }),
      createShadowRootUi(ctx, {
        name: 'pypi-trust-badge',
        css: styles,
        position: 'inline',
        anchor: anchors.title,
        append: 'last',
        onMount: (container) => container,
      }),
    ]);
    panelUi.shadowHost.style.display = 'block';
    panelUi.shadowHost.setAttribute('data-reserve', ''); // see styles.css: no layout shift while loading
    badgeUi.shadowHost.style.display = 'inline-block';
    badgeUi.shadowHost.style.verticalAlign = 'middle';

    const scrollToPanel = () => {
      panelUi.shadowHost.scrollIntoView({ behavior: 'smooth', block: 'start' });
      panelUi.shadow.querySelector<HTMLElement>('[data-testid="trust-panel"]')?.focus({ preventScroll: true });
    };
    let panelShown = false;
    let panelQueued = false;
    let badgeShown: string | null = null;
    const paint = () => {
      // What the badge shows: only a change of it is worth a frame of its own.
      const badgeNow = JSON.stringify([state.loading, state.report?.verdict ?? null]);
      const badgeChanged = badgeNow !== badgeShown;
      if (badgeUi.mounted && badgeChanged) {
        badgeShown = badgeNow;
        render(
          <TrustBadge verdict={state.report?.verdict ?? null} loading={state.loading} onActivate={scrollToPanel} />,
          badgeUi.mounted,
        );
      }
      // The placeholders go in with the mount (nothing moves later). After that the panel is large
      // (hundreds of nodes, a chart): when the badge has just changed, the panel renders once the badge is
      // on screen, so the verdict never waits for the panel's layout; otherwise (the early sections, while
      // the badge still says "checking") at once. Coalesced: it renders the latest state.
      if (!panelShown || (!badgeChanged && !panelQueued)) renderPanel();
      else if (!panelQueued) {
        panelQueued = true;
        afterNextPaint(renderPanel);
      }
    };
    const renderPanel = () => {
      panelQueued = false;
      if (panelUi.mounted) {
        panelShown = true;
        render(
          <TrustPanel
            report={state.report}
            loading={state.loading}
            error={state.error}
            ruleUrl={ruleUrl}
            onRetry={() => void load()}
            codeScanning={state.codeScanning}
            onInspectCode={() => void scanCode(true)}
            early={state.early}
          />,
          panelUi.mounted,
        );
      }
    };
    async function load(pending?: Promise<Report>) {
      // A retry asks again from scratch: early sections of the failed attempt are not shown meanwhile.
      state = { ...state, loading: true, error: null, ...(pending ? {} : { early: null }) };
      paint();
      try {
        const report = await (pending ?? requestReport());
        state = { report, loading: false, error: null };
      } catch (error) {
        state = { report: null, loading: false, error: error instanceof Error ? error.message : String(error) };
      }
      paint();
      // The code checks download archives: asked separately so the verdict above never waited for them.
      if (state.report && !state.report.code) void scanCode(false);
    }

    async function scanCode(allowLarge: boolean) {
      if (!state.report) return;
      state = { ...state, codeScanning: true };
      paint();
      try {
        const report = await ask((message) => browser.runtime.sendMessage(message), {
          type: 'scanCode',
          name: ref!.name,
          version: ref!.version,
          allowLarge,
          pageHints,
        });
        state = { ...state, report, codeScanning: false };
      } catch (error) {
        // The rest of the report stands; only the Code section says what went wrong.
        const message = error instanceof Error ? error.message : String(error);
        const report = state.report && { ...state.report, code: { state: 'error' as const, error: { kind: 'upstream' as const, message } } };
        state = { ...state, report, codeScanning: false };
      }
      paint();
    }

    panelUi.mount();
    badgeUi.mount();
    ctx.onInvalidated(() => {
      panelUi.remove();
      badgeUi.remove();
    });
    await load(firstReport);
  },
});

/** Asks the background about OSV MAL- records for the name; injects a banner only when there are some. */
async function showIfRemovedAsMalicious(ctx: Parameters<typeof createShadowRootUi>[0], name: string) {
  const place = findNotFoundAnchor(document);
  if (!place) return;
  let check;
  try {
    check = await ask((message) => browser.runtime.sendMessage(message), { type: 'checkRemoved', name });
  } catch (error) {
    console.info('[PyPI Trust Panel] could not check the removed project', error);
    return;
  }
  if (check.malicious.length === 0) return;
  const ui = await createShadowRootUi(ctx, {
    name: 'pypi-trust-removed',
    css: styles,
    position: 'inline',
    anchor: place.anchor,
    append: place.append,
    onMount: (container) => container,
  });
  ui.shadowHost.style.display = 'block';
  ui.mount();
  if (ui.mounted) render(<RemovedBanner check={check} />, ui.mounted);
  ctx.onInvalidated(() => ui.remove());
}

/**
 * Resolves once the page's title and sidebar are parsed (the parser has moved past the sidebar), or at
 * DOMContentLoaded when that never happens (another page, another layout); at once if already parsed.
 */
function sidebarParsed(): Promise<void> {
  if (document.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      observer.disconnect();
      document.removeEventListener('DOMContentLoaded', done);
      resolve();
    };
    const check = () => {
      const anchors = findAnchors(document);
      if (anchors && isParsedPast(anchors.sidebar)) done();
    };
    const observer = new MutationObserver(check);
    observer.observe(document, { childList: true, subtree: true });
    document.addEventListener('DOMContentLoaded', done);
    check();
  });
}

/** Runs `task` once the current frame has been painted (right away in a hidden tab, which paints none). */
function afterNextPaint(task: () => void): void {
  if (document.visibilityState !== 'visible') {
    setTimeout(task, 0);
    return;
  }
  requestAnimationFrame(() => setTimeout(task, 0));
}
