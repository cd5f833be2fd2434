// Search results: a compact badge on every result, from document_start: each result gets its (loading) badge as
// the parser passes it, and the whole list goes in ONE getBadges message, with the versions the results show,
// as soon as the parser is past the list (at DOMContentLoaded at the latest). Results added later get theirs too.
import { render } from 'preact';
import { browser } from 'wxt/browser';
import badgeCss from '../components/shared/styles.css?inline';
import { TrustBadge } from '../components/panel/TrustBadge';
import { ask } from '../utils/contract/messages';
import { normalizePackageName } from '../utils/lib/package-name';
import { parsedSearchResults, parseSearchUrl, searchResultName, searchResultVersion, SELECTORS } from '../utils/page/pypi-page';
import type { BadgeSummary, Verdict } from '../utils/contract/report';

const HOST_TAG = 'pypi-trust-search-badge';
const MAX_NAMES_PER_MESSAGE = 100;

export default defineContentScript({
  matches: ['https://pypi.org/search/*'],
  runAt: 'document_start',
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

    // Results with a badge whose message is not sent yet (the list is still being parsed).
    let names: string[] = [];
    const shown: Record<string, string> = {};

    function attach(snippets: Element[]) {
      for (const snippet of snippets) {
        if (seen.has(snippet)) continue;
        seen.add(snippet);
        const name = searchResultName(snippet);
        if (!name) continue;
        const version = searchResultVersion(snippet);
        if (version) shown[name] = version;
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
    }

    async function send(all: string[]) {
      for (let i = 0; i < all.length; i += MAX_NAMES_PER_MESSAGE) {
        const batch = [...new Set(all.slice(i, i + MAX_NAMES_PER_MESSAGE))];
        const versions = Object.fromEntries(batch.flatMap((n) => (shown[n] ? [[n, shown[n]]] : [])));
        let badges: Record<string, BadgeSummary> = {};
        let failure: string | null = null;
        try {
          badges = await ask((m) => browser.runtime.sendMessage(m), { type: 'getBadges', names: batch, shown: versions });
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

    const scan = () => {
      const { snippets, complete } = parsedSearchResults(document);
      attach(snippets);
      if (!complete || names.length === 0) return;
      const batch = names;
      names = [];
      void send(batch);
    };
    // As the parser adds the results (document_start), and later ones (client-side pagination, filters).
    const observer = new MutationObserver(scan);
    observer.observe(document, { childList: true, subtree: true });
    document.addEventListener('DOMContentLoaded', scan, { once: true });
    scan();
    ctx.onInvalidated(() => observer.disconnect());
  },
});
