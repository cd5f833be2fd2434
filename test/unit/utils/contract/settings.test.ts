import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { applyPatch, DEFAULT_SETTINGS, SettingsPatch, SOURCE_TOGGLES, toPublicSettings } from '../../../../utils/contract/settings';

describe('source toggles', () => {
  it('turns every listed source on by default', () => {
    expect(DEFAULT_SETTINGS.sources).toEqual({ github: true, osv: true, provenance: true, depsDev: true });
    expect(SOURCE_TOGGLES.map((s) => s.label)).toEqual(['GitHub', 'OSV', 'Provenance', 'deps.dev']);
  });

  it('lets a patch turn each listed source off, and nothing else', () => {
    for (const { id } of SOURCE_TOGGLES) {
      const parsed = z.safeParse(SettingsPatch, { sources: { [id]: false } });
      expect(parsed.success && applyPatch(DEFAULT_SETTINGS, parsed.data).sources[id]).toBe(false);
    }
    expect(z.safeParse(SettingsPatch, { sources: { osv: 'no' } }).success).toBe(false);
    const unknown = z.safeParse(SettingsPatch, { sources: { pypi: false } });
    expect(unknown.success && applyPatch(DEFAULT_SETTINGS, unknown.data).sources).toEqual(DEFAULT_SETTINGS.sources);
  });

  it('shows the UI the toggles and only the last four characters of the token', () => {
    const settings = { ...DEFAULT_SETTINGS, githubToken: 'ghp_abcdefghijklmnopqrst' };
    expect(toPublicSettings(settings)).toEqual({
      githubToken: { set: true, hint: '…qrst' },
      sources: DEFAULT_SETTINGS.sources,
      cacheTtlMinutes: null,
    });
  });
});
