// User settings, kept in extension storage by the background. The GitHub token never leaves it:
// the UI only ever sees `PublicSettings` (whether a token is set, and its last four characters).
import * as z from 'zod/mini';
import { type PublicSettings, SettingsPatch } from './messages';
import type { KeyValueArea } from '../sources/http/cache';

export type Settings = {
  githubToken: string | null;
  sources: { github: boolean; osv: boolean; provenance: boolean; depsDev: boolean };
  /** null: each source's own TTL (PyPI/OSV 1 h, GitHub 6 h). */
  cacheTtlMinutes: number | null;
};

export const DEFAULT_SETTINGS: Settings = {
  githubToken: null,
  sources: { github: true, osv: true, provenance: true, depsDev: true },
  cacheTtlMinutes: null,
};

const STORAGE_KEY = 'settings';

/** Stored settings are read with the same contract the popup's changes pass (an invalid store → defaults). */
export type StoredSettingsPatch = z.infer<typeof SettingsPatch>;

export async function loadSettings(area: KeyValueArea): Promise<Settings> {
  const raw = (await area.get(STORAGE_KEY))[STORAGE_KEY];
  const parsed = z.safeParse(SettingsPatch, raw ?? {});
  return parsed.success ? applyPatch(DEFAULT_SETTINGS, parsed.data) : DEFAULT_SETTINGS;
}

export async function saveSettings(area: KeyValueArea, settings: Settings): Promise<void> {
  await area.set({ [STORAGE_KEY]: settings });
}

export function applyPatch(base: Settings, patch: StoredSettingsPatch): Settings {
  const token = patch.githubToken === undefined ? base.githubToken : patch.githubToken?.trim() || null;
  return {
    githubToken: token,
    sources: { ...base.sources, ...stripUndefined(patch.sources ?? {}) },
    cacheTtlMinutes: patch.cacheTtlMinutes === undefined ? base.cacheTtlMinutes : patch.cacheTtlMinutes,
  };
}

export function toPublicSettings(settings: Settings): PublicSettings {
  return {
    githubToken: settings.githubToken ? { set: true, hint: `…${settings.githubToken.slice(-4)}` } : { set: false },
    sources: { ...settings.sources },
    cacheTtlMinutes: settings.cacheTtlMinutes,
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
