// Owns all network, caching, settings and the GitHub token (design §1). Thin wiring only.
import { browser } from 'wxt/browser';
import { createBackground } from '../utils/background/service';

export default defineBackground(() => {
  const service = createBackground({ storage: browser.storage.local, extensionId: browser.runtime.id });
  browser.runtime.onMessage.addListener((message, sender) => service.handle(message, sender));
});
