// Search results: a compact badge on every result, added as results render. One getBadges
// message per batch of new results (the background makes one OSV querybatch for it).
import { render } from 'preact';
import { browser } from 'wxt/browser';
import badgeCss from '../components/shared/styles.css?inline';
import { TrustBadge } from '../components/panel/TrustBadge';
import { ask } from '../utils/contract/messages';
import { normalizePackageName } from '../utils/lib/package-name';
import { parseSearchUrl, searchResultName, SELECTORS } from '../utils/page/pypi-page';
import type { BadgeSummary, Verdict } from '../utils/contract/report';

const HOST_TAG = 'pypi-trust-search-badge';
const MAX_NAMES_PER_MESSAGE = 100;

export default defineContentScript({
  matches: ['https://pypi.org/search/*'],
  runAt: 'document_end',
  cssInjectionMode: 'manual',
  main(ctx) {
    if (!parseSearchUrl(location.href)) return;
    const seen = new WeakSet<Element>();

    const badgeRoots = new Map<string, HTMLElement[]>();
    const paint = (name: string, verdict: Verdict | null, loading: boolean) => {
      for (const root of badgeRoots.get(normalizePackageName(name)) ?? []) {
        render(<TrustBadge verdict={verdict} loading={loading} size="compact" />, root);
      }
    };

    async function decorate(snippets: Element[]) {
      const fresh = snippets.filter((s) => !seen.has(s));
      const names: string[] = [];
      for (const snippet of fresh) {
        seen.add(snippet);
        const name = searchResultName(snippet);
        if (!name) continue;
        const target = snippet.querySelector(SELECTORS.searchResultTitle) ?? snippet;
        const host = document.createElement(HOST_TAG);
        host.style.display = 'inline-block';
        host.style.marginLeft = '0.5em';
        host.style.verticalAlign = 'middle';
        const shadow = host.attachShadow({ mode: 'open' });
        const style = document.createElement('style');
        style.textContent = badgeCss;
        const mount = document.createElement('span');
        shadow.append(style, mount);
        target.append(host);
        const key = normalizePackageName(name);
        badgeRoots.set(key, [...(badgeRoots.get(key) ?? []), mount]);
        names.push(name);
        paint(name, null, true);
      }
      for (let i = 0; i < names.length; i += MAX_NAMES_PER_MESSAGE) {
        const batch = [...new Set(names.slice(i, i + MAX_NAMES_PER_MESSAGE))];
        let badges: Record<string, BadgeSummary> = {};
        let failure: string | null = null;
        try {
          badges = await ask((m) => browser.runtime.sendMessage(m), { type: 'getBadges', names: batch });
        } catch (error) {
          failure = error instanceof Error ? error.message : String(error);
        }
        for (const name of batch) {
          const badge = badges[normalizePackageName(name)];
          const verdict: Verdict = badge?.verdict ?? {
            level: 'unknown',
            headline: `Could not check ${name}: ${failure ?? 'no answer from the extension'}`,
          };
          paint(name, verdict, false);
        }
      }
    }

    const scan = () => void decorate([...document.querySelectorAll(SELECTORS.searchResult)]);
    scan();
    // Results rendered later (client-side pagination, filters) get their badges too.
    const observer = new MutationObserver(() => scan());
    observer.observe(document.body, { childList: true, subtree: true });
    ctx.onInvalidated(() => observer.disconnect());
  },
});
