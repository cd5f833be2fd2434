// `npm run demo`: build the extension, serve recorded pypi.org pages and upstream answers from the
// local fixture server, open them in Chromium with the extension loaded, and write screenshots of
// the panel to demo/. Offline: nothing leaves this machine. Headless unless a display is available.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, type LaunchedBrowser } from '../test/support/browser';
import { startFixtureServer } from '../test/support/fixture-server';
import { projectRoot } from '../test/support/fixtures';
import { openSection, type PanelSection } from '../test/support/panel';
import { pageIsStandIn } from '../test/support/scenario';
import { takePopupScreenshots } from './popup-screenshots';

type Shot = {
  scenario: string;
  url: string;
  file: string;
  what: string;
  section?: string;
  store?: boolean;
  /** Also draw the toolbar button as the extension set it for this tab (see toolbarShot). */
  toolbar?: boolean;
  /** Only this section is written: the rest of the panel would show a stand-in's data (`keep` names those stand-ins). */
  only?: {
    section: string;
    keep: string[];
    why: string;
    upTo?: string;
    /** Wait for this inside the section before the picture (a deferred section arrives after the panel). */
    ready?: string;
    /** Drawn above the picture, in it: what in it is not recorded (a synthetic body kept in `keep`). */
    label?: string;
  };
};
const SHOTS: Shot[] = [
  {
    scenario: 'luigi',
    url: 'https://pypi.org/project/luigi/',
    file: 'project-luigi',
    what: 'a healthy project (2026 layout)',
    store: true,
    toolbar: true,
  },
  { scenario: 'luigi-2024', url: 'https://pypi.org/project/luigi/', file: 'project-luigi-2024-layout', what: 'the 2024–2026 layout' },
  { scenario: 'requests', url: 'https://pypi.org/project/requests/', file: 'project-requests', what: 'requests, with provenance' },
  {
    scenario: 'aiohttp-3.12.15',
    url: 'https://pypi.org/project/aiohttp/3.12.15/',
    file: 'version-aiohttp-3.12.15',
    what: 'a vulnerable release and its upgrade target',
    only: {
      section: 'advisories',
      // Only aiohttp's 3.12.15 JSON was recorded: it stands in for the project JSON (which carries the release
      // history). The advisories come from that recorded body; the Releases section would not be true.
      keep: ['pypi.org GET /pypi/aiohttp/json'],
      why: 'only the release JSON of 3.12.15 was recorded, so the panel would misread the release history',
      // …and so which release is the latest: the picture ends with the viewed version's advisories.
      upTo: '[data-group="viewed"]',
    },
  },
  {
    scenario: 'black-21.11b0',
    url: 'https://pypi.org/project/black/21.11b0/',
    file: 'version-black-21.11b0',
    what: 'a yanked release',
    store: true,
  },
  { scenario: 'tennis-2023', url: 'https://pypi.org/project/tennis/0.1.2/', file: 'project-tennis-2023', what: 'the real 2023 page' },
  {
    scenario: 'provenance-sampleproject',
    url: 'https://pypi.org/project/sampleproject/4.0.0/',
    file: 'version-sampleproject-4.0.0',
    what: 'attestations verified in the browser',
    section: 'provenance',
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
    store: true,
    toolbar: true,
  },
  { scenario: 'search-flask', url: 'https://pypi.org/search/?q=flask', file: 'search-flask', what: 'search results', store: true },
  {
    scenario: 'dependencies-luigi',
    url: 'https://pypi.org/project/luigi/',
    file: 'synthetic-graph-dependencies',
    what: 'the Dependencies section on a SYNTHETIC deps.dev graph (no deps.dev answer was recorded)',
    only: {
      section: 'dependencies',
      keep: [
        'api.deps.dev GET /v3/systems/pypi/packages/luigi/versions/3.6.0:dependencies',
        'api.osv.dev POST /v1/querybatch',
        'pypi.org GET /pypi/litellm/json',
      ],
      why: "deps.dev has no recorded answer: the graph is synthetic (SYNTHETIC.md), invented to carry recorded OSV answers; luigi depends on none of these, and litellm's release history is luigi's",
      ready: '[data-fact="dependencies-summary"]',
      label:
        "Synthetic deps.dev graph (no deps.dev answer was recorded): luigi does not depend on these packages. The OSV records are recorded; litellm's release history is luigi's.",
    },
  },
];

/** Draws `label` above the picture at `path`, into the same file: the caption is part of the image, not only the README's. */
async function labelShot(browser: LaunchedBrowser, path: string, label: string): Promise<void> {
  const src = `data:image/png;base64,${readFileSync(path).toString('base64')}`;
  const page: Page = await browser.newPage();
  try {
    await page.setContent(`<!doctype html><meta charset="utf-8"><style>
      body{margin:0;background:#fff;display:inline-block}
      .label{box-sizing:border-box;padding:6px 10px;background:#fff4ce;border:2px dashed #8a6d00;color:#3d3000;
        font:bold 13px/1.35 system-ui,sans-serif}img{display:block}</style><div id="shot"><div class="label"></div><img alt=""></div>`);
    // Text goes in as text, never as markup.
    await page.evaluate(
      ({ text, image }) => {
        const img = document.querySelector('img')!;
        document.querySelector<HTMLElement>('.label')!.textContent = text;
        return new Promise<void>((resolve) => {
          img.onload = () => {
            document.querySelector<HTMLElement>('.label')!.style.width = `${img.naturalWidth}px`;
            resolve();
          };
          img.setAttribute('src', image);
        });
      },
      { text: label, image: src },
    );
    await page.locator('#shot').screenshot({ path });
  } finally {
    await page.close();
  }
}

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

/**
 * The toolbar button of the shot's tab. A headless browser has no toolbar to photograph, so this reads back what the
 * extension set for that tab — badge text, badge colour, tooltip (`chrome.action.getBadgeText` etc. with the tab's
 * id) — and draws the button from those values and the extension's own 32 px icon, at Chrome's badge geometry.
 */
async function toolbarShot(browser: LaunchedBrowser, pageUrl: string, path: string): Promise<string> {
  const sw = await browser.serviceWorker();
  const state = await sw.evaluate(async (url) => {
    const chrome = (globalThis as unknown as { chrome: typeof import('wxt/browser').browser }).chrome;
    const tabId = (await chrome.tabs.query({ url: `${url}*` }))[0]?.id;
    if (tabId === undefined) throw new Error(`no tab for ${url}`);
    const [text, color, title] = await Promise.all([
      chrome.action.getBadgeText({ tabId }),
      chrome.action.getBadgeBackgroundColor({ tabId }),
      chrome.action.getTitle({ tabId }),
    ]);
    return { text, color: color as number[], title };
  }, pageUrl);
  const icon = `data:image/png;base64,${readFileSync(join(projectRoot, 'public', 'icon', '32.png')).toString('base64')}`;
  const [r, g, b] = state.color;
  const page: Page = await browser.newPage();
  try {
    await page.setViewportSize({ width: 460, height: 120 });
    await page.setContent(`<!doctype html><meta charset="utf-8"><style>
      body{margin:0;font:13px system-ui,sans-serif;background:#dee1e6}
      .bar{display:flex;align-items:center;gap:8px;padding:8px 12px;background:#fff;border-bottom:1px solid #c4c7c5}
      .url{flex:1;background:#f1f3f4;border-radius:14px;padding:6px 12px;color:#3c4043;white-space:nowrap;overflow:hidden}
      .btn{position:relative;width:32px;height:32px}.btn img{width:24px;height:24px;margin:4px}
      .badge{position:absolute;right:-4px;bottom:0;min-width:10px;padding:0 3px;height:14px;border-radius:3px;
        font:bold 10px/14px system-ui,sans-serif;color:#fff;text-align:center;background:rgb(${r},${g},${b})}
      .tip{margin:6px 12px 0 auto;max-width:420px;background:#fff;border:1px solid #c4c7c5;border-radius:4px;padding:4px 8px;
        box-shadow:0 1px 3px rgba(0,0,0,.2);white-space:pre-wrap;color:#202124}</style>
      <div class="bar"><div class="url"></div><div class="btn"><img alt=""><span class="badge"></span></div></div><div class="tip"></div>`);
    // Text goes in as text, never as markup.
    await page.evaluate(
      ({ url, text, title, src }) => {
        document.querySelector('.url')!.textContent = url;
        document.querySelector('.badge')!.textContent = text;
        document.querySelector('.tip')!.textContent = title;
        document.querySelector('img')!.setAttribute('src', src);
      },
      { url: pageUrl.replace(/^https:\/\//, ''), text: state.text, title: state.title, src: icon },
    );
    await page.screenshot({ path });
  } finally {
    await page.close();
  }
  return `badge "${state.text}", ${state.title.split('\n')[0]}`;
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
  // DEMO_ONLY=project-luigi,search-flask retakes only those shots (and skips the popup's unless it names "popup").
  const only = process.env.DEMO_ONLY?.split(',').map((s) => s.trim());
  for (const shot of SHOTS.filter((s) => !only || only.includes(s.file))) {
    if (!existsSync(join(projectRoot, 'test', 'fixtures', 'scenarios', `${shot.scenario}.json`))) {
      console.log(`- skipped ${shot.file}: scenario ${shot.scenario} not available`);
      continue;
    }
    // Truthful: a stand-in that would show another package's data answers 503 "not recorded" instead, so the
    // section shows its honest state (not checked); see StandIn.demo in test/support/scenario.ts.
    const server = await startFixtureServer({ scenario: shot.scenario, withoutStandIns: shot.only ? { keep: shot.only.keep } : true });
    // A page that only hosts the panel (another package's recorded page) is never shown: the panel alone is.
    const hostedOnly = pageIsStandIn(server.scenario, new URL(shot.url).pathname);
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
      if (shot.only) {
        // Sections are collapsible: open the one photographed (the worst facet's is already open).
        await openSection(page, shot.only.section as PanelSection);
        const section = page.locator(`[data-testid="trust-panel"] [data-section="${shot.only.section}"]`).first();
        if (shot.only.ready) await section.locator(shot.only.ready).first().waitFor({ timeout: 30_000 });
        const path = join(outDir, `${shot.file}-${shot.only.section}.png`);
        const top = await section.boundingBox();
        const last = shot.only.upTo ? await section.locator(shot.only.upTo).first().boundingBox() : null;
        if (top && last) {
          // Bounding boxes are viewport coordinates; a full-page clip takes page coordinates.
          const scrollY = await page.evaluate(() => window.scrollY);
          const clip = { x: top.x, y: top.y + scrollY, width: top.width, height: last.y + last.height - top.y + 8 };
          await page.screenshot({ path, clip, fullPage: true });
        } else {
          await section.screenshot({ path });
        }
        if (shot.only.label) await labelShot(browser, path, shot.only.label);
        console.log(`- ${shot.file}-${shot.only.section}.png: ${shot.what} (this section only: ${shot.only.why})`);
        continue;
      }
      if (!hostedOnly) await page.screenshot({ path: join(outDir, `${shot.file}.png`) });
      if (!isSearch && !isRemoved) {
        await page.locator('[data-testid="trust-panel"]').screenshot({ path: join(outDir, `${shot.file}-panel.png`) });
      }
      if (shot.section) {
        await openSection(page, shot.section as PanelSection);
        const section = page.locator(`[data-section="${shot.section}"]`).first();
        await section.screenshot({ path: join(outDir, `${shot.file}-${shot.section}.png`) });
      }
      if (shot.toolbar) {
        const said = await toolbarShot(browser, shot.url, join(outDir, `${shot.file}-toolbar.png`));
        console.log(`- ${shot.file}-toolbar.png: the toolbar button on that tab (${said})`);
      }
      if (shot.store && !hostedOnly) {
        await page.setViewportSize(STORE_VIEWPORT);
        await page.waitForTimeout(300);
        mkdirSync(storeDir, { recursive: true });
        await page.screenshot({ path: join(storeDir, `${shot.file}-1280x800.png`) });
      }
      const written = hostedOnly ? `${shot.file}-panel.png (panel only: the page is another package's)` : `${shot.file}.png`;
      console.log(`- ${written}: ${shot.what}${shot.store && !hostedOnly ? ' (and a 1280×800 store screenshot)' : ''}`);
    } finally {
      await browser.close();
      await server.close();
    }
  }
  if (!only || only.includes('popup')) await takePopupScreenshots(outDir, { withoutStandIns: true });
  console.log(
    `\nScreenshots are in ${outDir} (store-sized ones in ${storeDir}). To use the extension on the real pypi.org, load .output/chrome-mv3 (see README).`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
