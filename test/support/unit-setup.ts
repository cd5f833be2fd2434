// No unit test may reach the network by accident: the global fetch throws.
import { beforeEach, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { loadSeverityCalculator } from '../../utils/sources/osv-severity';

// The CVSS calculator is loaded on first need in the extension (utils/sources/osv-severity.ts); the tests that call
// the synchronous normalisers directly find it loaded.
await loadSeverityCalculator();

beforeEach(() => {
  fakeBrowser.reset();
  vi.stubGlobal('fetch', () => {
    throw new Error('Unit tests must not use the network: pass a fake fetch to Http instead.');
  });
});
