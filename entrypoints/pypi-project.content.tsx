// Project and version pages: a badge beside the title and the trust panel in the sidebar.
// Thin: reads the page through utils/pypi-page.ts, asks the background once, renders components.
import { render } from 'preact';
import { browser } from 'wxt/browser';
import '../components/styles.css';
import { TrustBadge } from '../components/TrustBadge';
import { RemovedBanner } from '../components/RemovedBanner';
import { TrustPanel } from '../components/TrustPanel';
import { ask } from '../utils/messages';
import {
  findAnchors,
  findNotFoundAnchor,
  isNotFoundPage,
  parseProjectUrl,
  readShownVersion,
  readVerifiedUrls,
} from '../utils/pypi-page';
import type { Report } from '../utils/report';

type ViewState = { report: Report | null; loading: boolean; error: string | null; codeScanning?: boolean };

export default defineContentScript({
  matches: ['https://pypi.org/project/*'],
  runAt: 'document_end',
  cssInjectionMode: 'ui',
  async main(ctx) {
    const ref = parseProjectUrl(location.href);
    if (!ref) return;
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

    let state: ViewState = { report: null, loading: true, error: null };
    const ruleUrl = (ruleId: string) => browser.runtime.getURL(`/rules.html#${encodeURIComponent(ruleId)}`);

    const panelUi = await createShadowRootUi(ctx, {
      name: 'pypi-trust-panel',
      position: 'inline',
      anchor: anchors.insertBefore ?? anchors.sidebar,
      append: anchors.insertBefore ? 'before' : 'first',
      onMount: (container) => container,
    });
    const badgeUi = await createShadowRootUi(ctx, {
      name: 'pypi-trust-badge',
      position: 'inline',
      anchor: anchors.title,
      append: 'last',
      onMount: (container) => container,
    });
    panelUi.shadowHost.style.display = 'block';
    badgeUi.shadowHost.style.display = 'inline-block';
    badgeUi.shadowHost.style.verticalAlign = 'middle';

    const scrollToPanel = () => {
      panelUi.shadowHost.scrollIntoView({ behavior: 'smooth', block: 'start' });
      panelUi.shadow.querySelector<HTMLElement>('[data-testid="trust-panel"]')?.focus({ preventScroll: true });
    };
    const paint = () => {
      if (badgeUi.mounted) {
        render(
          <TrustBadge verdict={state.report?.verdict ?? null} loading={state.loading} onActivate={scrollToPanel} />,
          badgeUi.mounted,
        );
      }
      if (panelUi.mounted) {
        render(
          <TrustPanel
            report={state.report}
            loading={state.loading}
            error={state.error}
            ruleUrl={ruleUrl}
            onRetry={load}
            codeScanning={state.codeScanning}
            onInspectCode={() => void scanCode(true)}
          />,
          panelUi.mounted,
        );
      }
    };
    async function load() {
      state = { ...state, loading: true, error: null };
      paint();
      try {
        const report = await ask((message) => browser.runtime.sendMessage(message), {
          type: 'getReport',
          name: ref!.name,
          version: ref!.version,
          pageHints: { verifiedUrls, shownVersion },
        });
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
          pageHints: { verifiedUrls, shownVersion },
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
    await load();
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
