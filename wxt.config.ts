import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { UPSTREAM_HOST_PERMISSIONS } from './utils/contract/hosts';
import { manifestIcons } from './utils/contract/extension-icons';
import { TOOLBAR_TITLE } from './utils/background/toolbar-badge';
import { assertTrustRootPinned } from './scripts/trust-root-lib';

// Configuration lives here, not scattered: manifest, permissions, browser-specific keys.
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // AMO's sources zip (npm run zip): everything a reviewer needs to rebuild, not our local output folders.
  zip: { excludeSources: ['bench/**', 'demo/**', 'test-results/**', '.prof/**'] },
  // The embedded Sigstore trust root must be the reviewed, pinned one (npm run trust-root:refresh).
  hooks: { 'build:before': () => assertTrustRootPinned() },
  vite: () => ({
    plugins: [preact({ devToolsEnabled: false, prefreshEnabled: false })],
    // Readable function names in CPU profiles (`npm run bench -- --profile`); never for a shipped build.
    // Source maps for the bench's `--modules` and `--profile-start` attribution; never for a shipped build.
    build: {
      ...(process.env.PYPI_TRUST_NO_MINIFY ? { minify: false } : {}),
      ...(process.env.PYPI_TRUST_SOURCEMAP ? { sourcemap: true } : {}),
    },
  }),
  manifest: ({ browser, manifestVersion }) => ({
    name: 'PyPI Trust Panel',
    description: 'Before you pip install: publisher, repository, advisories and provenance of a PyPI package, on pypi.org itself.',
    // offscreen (Chrome only, no install warning): the document that hosts the code-scan worker, which an MV3
    // service worker cannot start itself; Firefox's background page starts it without a permission.
    // webRequest (no install warning; it sees only the hosts below): observe, never block, a tab's navigation to a
    // pypi.org project page, to start its report (and wake the worker; a search page only wakes it) before the HTML is back.
    permissions: browser === 'firefox' ? ['storage', 'webRequest'] : ['storage', 'offscreen', 'webRequest'],
    host_permissions: [...UPSTREAM_HOST_PERMISSIONS],
    // public/icon/*.png, drawn by scripts/render-icons.ts.
    icons: manifestIcons(),
    // Named for the manifest version: in MV2 (the Firefox build) WXT writes the popup into `browser_action` and
    // would drop an `action` key with everything in it but the popup.
    [manifestVersion === 2 ? 'browser_action' : 'action']: { default_title: TOOLBAR_TITLE, default_icon: manifestIcons() },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              // A GUID, fixed for good: AMO ties the listing and every update to it (not a placeholder domain).
              id: '{90995a35-9241-4960-a9c1-55d37965d871}',
              strict_min_version: '115.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
