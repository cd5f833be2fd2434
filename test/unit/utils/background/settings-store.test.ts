import { describe, expect, it } from 'vitest';
import { loadSettings, saveSettings } from '../../../../utils/background/settings-store';
import { DEFAULT_SETTINGS } from '../../../../utils/contract/settings';
import { memoryArea } from '../../../support/memory-area';

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
