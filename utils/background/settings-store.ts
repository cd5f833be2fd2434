// The settings in extension storage: read with the same contract the popup's changes pass, so an
// invalid store falls back to the defaults instead of reaching the build.
import * as z from 'zod/mini';
import { applyPatch, DEFAULT_SETTINGS, type Settings, SettingsPatch } from '../contract/settings';
import type { KeyValueArea } from '../sources/http';
import { UserFacingError } from './handler';

const STORAGE_KEY = 'settings';

export async function loadSettings(area: KeyValueArea): Promise<Settings> {
  const raw = (await area.get(STORAGE_KEY))[STORAGE_KEY];
  const parsed = z.safeParse(SettingsPatch, raw ?? {});
  return parsed.success ? applyPatch(DEFAULT_SETTINGS, parsed.data) : DEFAULT_SETTINGS;
}

/** Stores the settings; when the browser refuses (storage full), rejects with what the user should read. */
export async function saveSettings(area: KeyValueArea, settings: Settings): Promise<void> {
  try {
    await area.set({ [STORAGE_KEY]: settings });
  } catch (error) {
    const said = String(error instanceof Error ? error.message : error).slice(0, 120);
    throw new UserFacingError(`the browser's storage refused the change (${said}). It may be full: clearing the cache frees space.`, {
      cause: error,
    });
  }
}
