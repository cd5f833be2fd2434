// User settings and how a change applies; the background keeps them in storage. The GitHub token never
// leaves it: the UI only ever sees `PublicSettings` (whether a token is set, and its last four characters).
import * as z from 'zod/mini';

/** The upstreams a reader may turn off, in the order the settings view lists them. */
export const SOURCE_TOGGLES = [
  { id: 'github', label: 'GitHub', what: 'stars, pushes, archived (api.github.com)' },
  { id: 'osv', label: 'OSV', what: 'advisories and malicious-package reports (api.osv.dev)' },
  { id: 'provenance', label: 'Provenance', what: 'attestations and project status (PyPI Simple + Integrity)' },
  { id: 'depsDev', label: 'deps.dev', what: 'verified repository, Scorecard and dependency graph (api.deps.dev)' },
] as const;

export type SourceId = (typeof SOURCE_TOGGLES)[number]['id'];
export type SourceToggles = Record<SourceId, boolean>;

function eachSource<T>(value: (id: SourceId) => T): Record<SourceId, T> {
  return Object.fromEntries(SOURCE_TOGGLES.map(({ id }) => [id, value(id)])) as Record<SourceId, T>;
}

export type Settings = {
  githubToken: string | null;
  sources: SourceToggles;
  /** null: each source's own TTL (PyPI/OSV 1 h, GitHub 6 h). */
  cacheTtlMinutes: number | null;
};

export const DEFAULT_SETTINGS: Settings = {
  githubToken: null,
  sources: eachSource(() => true),
  cacheTtlMinutes: null,
};

/** A change from the popup (the setSettings message); the store is read with it too. */
export const SettingsPatch = z.object({
  githubToken: z.optional(z.nullable(z.string().check(z.maxLength(255)))),
  sources: z.optional(z.object(eachSource(() => z.optional(z.boolean())))),
  /** null: back to each source's own TTL. */
  cacheTtlMinutes: z.optional(z.nullable(z.int().check(z.minimum(1), z.maximum(7 * 24 * 60)))),
});

/** Settings as the UI sees them: the token itself never leaves the background. */
export type PublicSettings = {
  githubToken: { set: false } | { set: true; hint: string };
  sources: SourceToggles;
  cacheTtlMinutes: number | null;
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
