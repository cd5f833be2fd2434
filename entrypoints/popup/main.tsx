// The toolbar popup (popup.html): wiring only — the browser APIs and the lookup parser the popup components use.
import { render } from 'preact';
import { browser } from 'wxt/browser';
import '../../components/shared/styles.css';
import './style.css';
import { ask } from '../../utils/contract/messages';
import type { PopupApi } from '../../components/popup/api';
import { Popup } from '../../components/popup/Popup';
import { rulePageUrl } from '../../components/shared/rule-url';
import { parseLookupInput } from '../../utils/page/lookup-input';

const api: PopupApi = {
  ask: (message) => ask((m) => browser.runtime.sendMessage(m), message),
  async activeTabId() {
    // Test seam: an e2e test opens popup.html in a tab (which is then itself the active tab) and names
    // the pypi.org tab with ?tabId=. The page is not web-accessible, so only the extension can open it.
    const seam = Number(new URLSearchParams(location.search).get('tabId') ?? NaN);
    if (Number.isInteger(seam) && seam >= 0) return seam;
    // Needs no permission: the tab id is always visible; its URL is read by the background, which
    // sees pypi.org URLs through the host permission and nothing else.
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return tab?.id ?? null;
  },
  storage: {
    get: async (key) => (await browser.storage.local.get(key))[key],
    set: (key, value) => browser.storage.local.set({ [key]: value }),
  },
  async copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return false;
    }
  },
  ruleUrl: rulePageUrl((path) => browser.runtime.getURL(path)),
  parseLookupInput,
};

const root = document.getElementById('app');
if (root) render(<Popup api={api} />, root);
