// The background service: one Http (with the storage-backed cache), the settings, and the handlers
// behind the message contract. Created once by entrypoints/background.ts; unit-tested with fakes.
import { buildBadges, buildReport } from '../report-builder';
import { Http } from '../sources/http';
import { type KeyValueArea, StorageCache } from '../sources/cache';
import { applyPatch, loadSettings, saveSettings, type Settings, toPublicSettings } from '../settings';
import { createMessageHandler, type Sender } from './handler';

export type BackgroundDeps = {
  storage: KeyValueArea;
  extensionId: string;
  fetch?: typeof fetch;
  now?: () => number;
};

export function createBackground(deps: BackgroundDeps) {
  const now = deps.now ?? (() => Date.now());
  const http = new Http({ cache: new StorageCache(deps.storage), fetch: deps.fetch, now });
  let settingsPromise: Promise<Settings> | null = null;

  async function settings(): Promise<Settings> {
    settingsPromise ??= loadSettings(deps.storage);
    const current = await settingsPromise;
    http.ttlOverrideMs = current.cacheTtlMinutes === null ? null : current.cacheTtlMinutes * 60_000;
    return current;
  }

  const handle = createMessageHandler(deps.extensionId, {
    getReport: async (message) =>
      buildReport({ http, settings: await settings(), now }, {
        name: message.name,
        version: message.version,
        pageHints: message.pageHints,
      }),
    getBadges: async (message) => buildBadges({ http, settings: await settings(), now }, message.names),
    getSettings: async () => toPublicSettings(await settings()),
    setSettings: async (message) => {
      const next = applyPatch(await settings(), message.patch);
      await saveSettings(deps.storage, next);
      settingsPromise = Promise.resolve(next);
      await settings();
      return toPublicSettings(next);
    },
    clearCache: async () => ({ removed: await http.cache.clear() }),
  });

  return {
    http,
    handle: (message: unknown, sender: Sender) => handle(message, sender),
  };
}
