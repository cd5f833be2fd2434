// "Install it safely, today" end to end: on a release under a week old, the Releases section offers the install lines
// that keep it out until it has aged (uv's --exclude-newer, pip 26's --uploaded-prior-to) and names what they install.
// luigi's recorded JSON with 3.6.0's upload time moved to two days before the test (derived here, never committed):
// the rest of its history — 3.5.2 and older, years old — is the recorded one.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useExtension } from '../support/e2e';
import type { Scenario } from '../support/fixture-server';
import { readRecorded } from '../support/fixtures';
import { openSection } from '../support/panel';

const { server, browser } = useExtension({ scenario: 'luigi' });
const headers = { 'content-type': 'application/json' };
let dir: string;
let uploadedAt: string;

type FileEntry = { upload_time: string; upload_time_iso_8601: string };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cooldown-'));
  uploadedAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
  const json = readRecorded('pypi.org/json/luigi.json') as { urls: FileEntry[]; releases: Record<string, FileEntry[]> };
  const recent = (f: FileEntry): FileEntry => ({ ...f, upload_time: uploadedAt.slice(0, 19), upload_time_iso_8601: uploadedAt });
  const file = join(dir, 'derived-luigi-3.6.0-two-days-old.json');
  writeFileSync(
    file,
    JSON.stringify({ ...json, urls: json.urls.map(recent), releases: { ...json.releases, '3.6.0': json.releases['3.6.0']!.map(recent) } }),
  );
  const scenario: Scenario = {
    description: 'luigi, its latest release 3.6.0 uploaded two days before the test (recorded JSON, upload time moved at test start).',
    extends: 'luigi',
    routes: [
      { host: 'pypi.org', path: '/pypi/luigi/json', file, headers },
      { host: 'pypi.org', path: '/pypi/luigi/3.6.0/json', file, headers },
    ],
  };
  server.useScenario(scenario);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('install cooldown lines', () => {
  it('a release two days old: the uv and pip lines cut a week back and install the newest older release, 3.5.2', async () => {
    const page = await browser.newPage();
    await page.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' });
    // The report replaces the loading placeholders with new, closed sections: open the one it rendered.
    await page.locator('[data-section="releases"][data-state="ok"]').first().waitFor({ state: 'attached', timeout: 30_000 });
    await openSection(page, 'releases');
    const cooldown = page.locator('[data-fact="install-cooldown"]').first();
    await cooldown.waitFor({ timeout: 30_000 });
    const cutoff = (await cooldown.getAttribute('data-cutoff'))!;
    expect(cutoff).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // A week before now, give or take the seconds the test took.
    expect(Math.abs(Date.parse(cutoff) - (Date.now() - 7 * 86_400_000))).toBeLessThan(10 * 60_000);
    expect(await cooldown.locator('[data-fact="cooldown-uv"]').textContent()).toBe(`uv pip install --exclude-newer ${cutoff} luigi`);
    expect(await cooldown.locator('[data-fact="cooldown-pip"]').textContent()).toBe(`pip install --uploaded-prior-to ${cutoff} luigi`);
    expect(await cooldown.locator('[data-fact="cooldown-reason"]').textContent()).toContain(
      '3.6.0 is under 7 days old, and most malicious releases are caught within days',
    );
    expect(await cooldown.locator('[data-fact="cooldown-reason"]').textContent()).toContain('they install luigi 3.5.2');
    await page.close();
  });

  it('the recorded upload time (2024): no cooldown lines', async () => {
    server.useScenario('luigi');
    await browser.resetExtension();
    const page = await browser.newPage();
    await page.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' });
    await page.locator('[data-section="releases"][data-state="ok"]').first().waitFor({ state: 'attached', timeout: 30_000 });
    await openSection(page, 'releases');
    expect(await page.locator('[data-fact="install-cooldown"]').count()).toBe(0);
    await page.close();
  });
});
