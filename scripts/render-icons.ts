// `npx tsx scripts/render-icons.ts`: draws scripts/icons/icon.svg at each size the manifest lists into
// public/icon/<size>.png, with the Chromium at /usr/bin/chromium. The PNGs are committed, so a build needs no
// browser; run this again only when the drawing changes (same Chromium, same bytes).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ICON_SIZES, iconPath } from '../utils/contract/extension-icons';

const root = join(import.meta.dirname, '..');
const svg = readFileSync(join(root, 'scripts/icons/icon.svg'), 'utf8');

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  for (const size of ICON_SIZES) {
    await page.setViewportSize({ width: size, height: size });
    const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`);
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    const out = join(root, 'public', iconPath(size));
    mkdirSync(join(out, '..'), { recursive: true });
    writeFileSync(out, png);
    console.log(`${out} (${png.length} bytes)`);
  }
} finally {
  await browser.close();
}
