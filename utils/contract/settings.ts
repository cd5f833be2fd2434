// User settings and how a change applies; the background keeps them in storage. The GitHub token never
// leaves it: the UI only ever sees `PublicSettings` (whether a token is set, and its last four characters).
import * as z from 'zod/mini';
import type { PublicSettings, SettingsPatch } from './messages';

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

/** A change from the popup, and what the store holds: both pass the same contract. */
export type StoredSettingsPatch = z.infer<typeof SettingsPatch>;

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
