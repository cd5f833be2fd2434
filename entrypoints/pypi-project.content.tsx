// Project and version pages: a badge beside the title and the trust panel in the sidebar. Wiring only: the
// page is read through utils/page/, the view (components/panel/project-view.tsx) asks for one report, joining
// the build pypi-prefetch.content.ts started from the URL at document_start, now with the page's hints.
import { render } from 'preact';
import { browser } from 'wxt/browser';
// Inline (not cssInjectionMode 'ui'): no fetch of the stylesheet before the UI can mount.
import styles from '../components/shared/styles.css?inline';
import { RemovedBanner } from '../components/panel/RemovedBanner';
import { startProjectView } from '../components/panel/project-view';
import { rulePageUrl } from '../components/shared/rule-url';
import { ask } from '../utils/contract/messages';
import { afterNextPaint, sidebarParsed } from '../utils/page/page-progress';
import * as page from '../utils/page/pypi-page';

type Ctx = Parameters<typeof createShadowRootUi>[0];
const send = (message: unknown) => browser.runtime.sendMessage(message);

export default defineContentScript({
  matches: ['https://pypi.org/project/*'],
  // document_start: evaluated while pypi.org's page is still loading, ready at DOMContentLoaded.
  runAt: 'document_start',
  cssInjectionMode: 'manual',
  async main(ctx) {
    const ref = page.parseProjectUrl(location.href);
    if (!ref) return;
    // The sidebar is parsed long before the description that follows it: its hints can leave then.
    await sidebarParsed();
    // PyPI removes malware: its 404 page for a project may hide why the project is gone.
    if (page.isNotFoundPage(document)) return showIfRemovedAsMalicious(ctx, ref.name);
    const anchors = page.findAnchors(document);
    if (!anchors) {
      // pypi.org changed its layout: stay invisible rather than break the page (the popup still works).
      console.info('[PyPI Trust Panel] page layout not recognised; nothing injected on this page');
      return;
    }
    const shownVersion = page.readShownVersion(document, ref.name) ?? undefined;
    const pageHints = {
      verifiedUrls: page.readVerifiedUrls(document),
      shownVersion,
      projectLinks: page.readProjectLinks(document),
      attestedFiles: page.readAttestedFiles(document),
    };
    // Asked before the UI is built (see startProjectView).
    const view = startProjectView((message) => ask(send, message), { name: ref.name, version: ref.version, pageHints });
    followPageLifecycle(ctx, ref);
    const [panelUi, badgeUi] = await Promise.all([
      shadowUi(ctx, 'pypi-trust-panel', anchors.insertBefore ?? anchors.sidebar, anchors.insertBefore ? 'before' : 'first'),
      shadowUi(ctx, 'pypi-trust-badge', anchors.title, 'last'),
    ]);
    panelUi.shadowHost.style.display = 'block';
    panelUi.shadowHost.setAttribute('data-reserve', ''); // see styles.css: no layout shift while loading
    Object.assign(badgeUi.shadowHost.style, { display: 'inline-block', verticalAlign: 'middle' });
    panelUi.mount();
    badgeUi.mount();
    ctx.onInvalidated(() => [panelUi, badgeUi].forEach((ui) => ui.remove()));
    await view.show({
      badge: () => badgeUi.mounted,
      panel: () => panelUi.mounted,
      ruleUrl: rulePageUrl((path) => browser.runtime.getURL(path)),
      afterNextPaint,
      scrollToPanel: () => {
        panelUi.shadowHost.scrollIntoView({ behavior: 'smooth', block: 'start' });
        panelUi.shadow.querySelector<HTMLElement>('[data-testid="trust-panel"]')?.focus({ preventScroll: true });
      },
    });
  },
});

/** Asks the background about OSV MAL- records for the name; injects a banner only when there are some. */
async function showIfRemovedAsMalicious(ctx: Ctx, name: string) {
  const place = page.findNotFoundAnchor(document);
  if (!place) return;
  const check = await ask(send, { type: 'checkRemoved', name }).catch((error: unknown) => {
    console.info('[PyPI Trust Panel] could not check the removed project', error);
  });
  if (!check || check.malicious.length === 0) return;
  const ui = await shadowUi(ctx, 'pypi-trust-removed', place.anchor, place.append);
  ui.shadowHost.style.display = 'block';
  ui.mount();
  if (ui.mounted) render(<RemovedBanner check={check} />, ui.mounted);
  ctx.onInvalidated(() => ui.remove());
}

/** The background puts the report's verdict on the toolbar button; it leaves with the page (utils/background/toolbar-badge.ts). */
function followPageLifecycle(ctx: Ctx, page: { name: string; version?: string }) {
  const tell = (message: unknown) => void send(message).catch(() => undefined);
  ctx.addEventListener(window, 'pagehide', () => tell({ type: 'pageHidden' }));
  ctx.addEventListener(
    window,
    'pageshow',
    (event) => event.persisted && tell({ type: 'pageShown', name: page.name, version: page.version }),
  );
}

function shadowUi(ctx: Ctx, name: string, anchor: Element, append: 'before' | 'first' | 'last') {
  return createShadowRootUi(ctx, { name, css: styles, position: 'inline', anchor, append, onMount: (container) => container });
}
