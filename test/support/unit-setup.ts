// No unit test may reach the network by accident: the global fetch throws.
import { beforeEach, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';

beforeEach(() => {
  fakeBrowser.reset();
  vi.stubGlobal('fetch', () => {
    throw new Error('Unit tests must not use the network: pass a fake fetch to Http instead.');
  });
});
