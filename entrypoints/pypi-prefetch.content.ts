// Project pages, first thing: tell the background which report this page will want, from the URL alone,
// while pypi.org's HTML is still arriving. Its own tiny script (no UI, no zod, no Preact), so it is
// evaluated in well under a millisecond and the report's requests (and, after idle, the worker's start)
// begin as early as they can. pypi-project.content.tsx then joins that build with the page's hints.
import { browser } from 'wxt/browser';
import { PREFETCH_SENT_MARK } from '../utils/contract/marks';
import type { Message } from '../utils/contract/messages';
import { parseProjectUrl } from '../utils/page/pypi-page';

export default defineContentScript({
  matches: ['https://pypi.org/project/*'],
  runAt: 'document_start',
  main() {
    const ref = parseProjectUrl(location.href);
    if (!ref) return;
    const message: Extract<Message, { type: 'prefetch' }> = { type: 'prefetch', name: ref.name, version: ref.version };
    // Only a head start: the panel's getReport asks again and reports any failure.
    performance.mark(PREFETCH_SENT_MARK);
    void Promise.resolve(browser.runtime.sendMessage(message)).catch(() => undefined);
  },
});
