import { describe, expect, it } from 'vitest';
import { loadSettings, saveSettings } from '../../../../utils/background/settings-store';
import { DEFAULT_SETTINGS } from '../../../../utils/contract/settings';
import { UserFacingError } from '../../../../utils/background/handler';
import { memoryArea } from '../../../support/memory-area';
import { quotaArea } from '../../../support/quota-area';

describe('settings in storage', () => {
  it('reads the defaults from an empty store', async () => {
    expect(await loadSettings(memoryArea())).toEqual(DEFAULT_SETTINGS);
  });

  it('reads back what it saved', async () => {
    const area = memoryArea();
    const settings = { githubToken: 'ghp_abcdefghijklmnopqrst', sources: { ...DEFAULT_SETTINGS.sources, osv: false }, cacheTtlMinutes: 60 };
    await saveSettings(area, settings);
    expect(await loadSettings(area)).toEqual(settings);
  });

  it('fills what a stored value lacks from the defaults', async () => {
    const area = memoryArea();
    await area.set({ settings: { sources: { github: false } } });
    expect(await loadSettings(area)).toEqual({ ...DEFAULT_SETTINGS, sources: { ...DEFAULT_SETTINGS.sources, github: false } });
  });

  it('falls back to the defaults when the store holds something the contract refuses', async () => {
    const area = memoryArea();
    await area.set({ settings: { cacheTtlMinutes: 'forever', sources: { github: 'yes' } } });
    expect(await loadSettings(area)).toEqual(DEFAULT_SETTINGS);
  });
});

describe('a settings write the browser refuses', () => {
  it('rejects with words for the user, and the stored settings stay as they were', async () => {
    const area = quotaArea(3 * 1024 * 1024);
    await saveSettings(area, DEFAULT_SETTINGS);
    area.data['ownership-memory'] = { filler: 'x'.repeat(3 * 1024 * 1024 - 400) }; // storage all but full
    const change = { ...DEFAULT_SETTINGS, githubToken: 'ghp_abcdefghijklmnopqrst'.repeat(100).slice(0, 255) };
    const failure = await saveSettings(area, change).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UserFacingError);
    expect((failure as Error).message).toMatch(/storage refused the change \(QUOTA_BYTES quota exceeded\).*clearing the cache/);
    expect(await loadSettings(area)).toEqual(DEFAULT_SETTINGS);
  });
});
