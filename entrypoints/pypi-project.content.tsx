// Project and version pages: a badge beside the title and the trust panel in the sidebar.
// Thin: reads the page through utils/pypi-page.ts, asks the background once, renders components.
import { render } from 'preact';
import { browser } from 'wxt/browser';
import '../components/styles.css';
import { TrustBadge } from '../components/TrustBadge';
import { TrustPanel } from '../components/TrustPanel';
import { ask } from '../utils/messages';
import { findAnchors, parseProjectUrl, readShownVersion, readVerifiedUrls } from '../utils/pypi-page';
import type { Report } from '../utils/report';

type ViewState = { report: Report | null; loading: boolean; error: string | null };

export default defineContentScript({
  matches: ['https://pypi.org/project/*'],
  runAt: 'document_end',
  cssInjectionMode: 'ui',
  async main(ctx) {
    const ref = parseProjectUrl(location.href);
    if (!ref) return;
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
          <TrustPanel report={state.report} loading={state.loading} error={state.error} ruleUrl={ruleUrl} onRetry={load} />,
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
