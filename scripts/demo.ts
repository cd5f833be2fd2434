// `npm run demo`: build the extension, serve recorded pypi.org pages and upstream answers from the
// local fixture server, open them in Chromium with the extension loaded, and write screenshots of
// the panel to demo/. Offline: nothing leaves this machine. Headless unless a display is available.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../test/support/browser';
import { startFixtureServer } from '../test/support/fixture-server';
import { projectRoot } from '../test/support/fixtures';

type Shot = { scenario: string; url: string; file: string; what: string; section?: string; store?: boolean };
const SHOTS: Shot[] = [
  {
    scenario: 'luigi',
    url: 'https://pypi.org/project/luigi/',
    file: 'project-luigi',
    what: 'a healthy project (2026 layout)',
    store: true,
  },
  { scenario: 'luigi-2024', url: 'https://pypi.org/project/luigi/', file: 'project-luigi-2024-layout', what: 'the 2024–2026 layout' },
  { scenario: 'requests', url: 'https://pypi.org/project/requests/', file: 'project-requests', what: 'requests, with provenance' },
  {
    scenario: 'aiohttp-3.12.15',
    url: 'https://pypi.org/project/aiohttp/3.12.15/',
    file: 'version-aiohttp-3.12.15',
    what: 'a vulnerable release',
    store: true,
  },
  { scenario: 'black-21.11b0', url: 'https://pypi.org/project/black/21.11b0/', file: 'version-black-21.11b0', what: 'a yanked release' },
  { scenario: 'tennis-2023', url: 'https://pypi.org/project/tennis/0.1.2/', file: 'project-tennis-2023', what: 'the real 2023 page' },
  {
    scenario: 'provenance-sampleproject',
    url: 'https://pypi.org/project/sampleproject/4.0.0/',
    file: 'version-sampleproject-4.0.0',
    what: 'attestations verified in the browser',
    section: 'provenance',
    store: true,
  },
  {
    scenario: 'typosquat-0requests',
    url: 'https://pypi.org/project/0requests/',
    file: 'project-0requests-typosquat',
    what: 'a typosquat of requests',
  },
  {
    scenario: 'removed-0requests',
    url: 'https://pypi.org/project/0requests/',
    file: 'removed-0requests',
    what: 'a removed malicious package (404 page)',
  },
  { scenario: 'search-flask', url: 'https://pypi.org/search/?q=flask', file: 'search-flask', what: 'search results', store: true },
];

/** As the README says: run as root (a fresh Debian machine, CI), a missing Chromium is installed; otherwise the command is printed. */
function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return;
  if (process.getuid?.() === 0) {
    console.log("Chromium is missing: installing Debian's chromium (apt-get install -y chromium)…");
    execSync('apt-get update && apt-get install -y chromium', { stdio: 'inherit' });
    if (existsSync('/usr/bin/chromium')) return;
  }
  console.error('Chromium is missing. Install it with: sudo apt-get update && sudo apt-get install -y chromium');
  process.exit(1);
}

/** The stores' screenshot size (Chrome Web Store and AMO both take 1280×800). */
const STORE_VIEWPORT = { width: 1280, height: 800 };

async function main() {
  ensureChromium();
  console.log('Building the extension…');
  execSync('npx wxt build', { cwd: projectRoot, stdio: 'inherit' });
  const outDir = join(projectRoot, 'demo');
  mkdirSync(outDir, { recursive: true });
  const storeDir = join(outDir, 'store');
  const headless = !process.env.DISPLAY;
  for (const shot of SHOTS) {
    if (!existsSync(join(projectRoot, 'test', 'fixtures', 'scenarios', `${shot.scenario}.json`))) {
      console.log(`- skipped ${shot.file}: scenario ${shot.scenario} not available`);
      continue;
    }
    const server = await startFixtureServer({ scenario: shot.scenario });
    const browser = await launchBrowser({ server, headless });
    try {
      const page = await browser.newPage();
      await page.goto(shot.url, { waitUntil: 'domcontentloaded' });
      const isSearch = shot.url.includes('/search/');
      const isRemoved = shot.scenario.startsWith('removed-');
      if (isRemoved) {
        await page.locator('[data-testid="removed-banner"]').waitFor({ timeout: 20_000 });
      } else if (isSearch) {
        await page.waitForFunction(() => document.querySelectorAll('pypi-trust-search-badge').length > 0, undefined, { timeout: 20_000 });
        await page.locator('[data-testid="trust-badge"]:not([data-level="loading"])').first().waitFor({ timeout: 20_000 });
        await page.waitForTimeout(500);
      } else {
        await page.locator('[data-testid="trust-panel"]').waitFor({ timeout: 20_000 });
        await page.locator('[data-testid="trust-badge"]:not([data-level="loading"])').waitFor({ timeout: 20_000 });
        await page
          .locator('[data-testid="trust-panel"] [data-section="releases"]:not([data-state="loading"])')
          .waitFor({ timeout: 20_000 });
      }
      await page.screenshot({ path: join(outDir, `${shot.file}.png`) });
      if (!isSearch && !isRemoved) {
        await page.locator('[data-testid="trust-panel"]').screenshot({ path: join(outDir, `${shot.file}-panel.png`) });
      }
      if (shot.section) {
        const section = page.locator(`[data-section="${shot.section}"]`).first();
        await section.screenshot({ path: join(outDir, `${shot.file}-${shot.section}.png`) });
      }
      if (shot.store) {
        await page.setViewportSize(STORE_VIEWPORT);
        await page.waitForTimeout(300);
        mkdirSync(storeDir, { recursive: true });
        await page.screenshot({ path: join(storeDir, `${shot.file}-1280x800.png`) });
      }
      console.log(`- ${shot.file}.png: ${shot.what}${shot.store ? ' (and a 1280×800 store screenshot)' : ''}`);
    } finally {
      await browser.close();
      await server.close();
    }
  }
  console.log(
    `\nScreenshots are in ${outDir} (store-sized ones in ${storeDir}). To use the extension on the real pypi.org, load .output/chrome-mv3 (see README).`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
