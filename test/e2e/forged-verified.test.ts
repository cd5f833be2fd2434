// A README cannot forge "verified" (issue 16 §1). luigi's recorded page, in the 2026 and the 2024–2026 layouts, with
// README HTML that copies pypi.org's "verified" sidebar markup for luigi's own repository link, look-alike sidebars with
// other project links and a banner with another version (test/support/hostile-readme.ts). Before the fix the panel said
// "Verified — pypi.org shows this repository as verified", skipped the starjacking check and called the stars good.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useExtension } from '../support/e2e';
import { resetExtension, section, serveBody, snapshotBuild, waitSettled } from '../support/hardening';
import { FORGED, withHostileReadme } from '../support/hostile-readme';

const { server, browser } = useExtension({ scenario: 'luigi', launch: () => ({ extensionPath: snapshotBuild('.output/chrome-mv3') }) });

/** luigi's page of `scenario` with the hostile README, the forged seal naming the repository luigi links. */
async function openForged(scenario: string, file: string): Promise<Page> {
  server.useScenario(scenario);
  server.clearFaults();
  await resetExtension(browser);
  serveBody(
    server,
    { host: 'pypi.org', path: '/project/luigi/' },
    withHostileReadme(file, 'luigi', 'https://github.com/spotify/luigi'),
    'text/html; charset=utf-8',
  );
  server.clearLog();
  const page = await browser.newPage();
  await page.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' });
  await waitSettled(page);
  return page;
}

describe.each([
  ['luigi', 'reconstructed-project-luigi.html', '2026 layout'],
  ['luigi-2024', 'reconstructed-project-luigi.2024-layout.html', '2024–2026 layout'],
])('a forged "verified" README on luigi’s page (scenario %s, %s)', (scenario, file) => {
  it('the panel does not say Verified, checks for starjacking and does not call the stars good', async () => {
    const page = await openForged(scenario, file);
    // The forged markup really is on the page the extension read.
    expect(await page.locator('.sidebar-section__content--verified a[href="https://github.com/spotify/luigi"]').count()).toBe(2);

    const verification = section(page, 'repository').locator('[data-fact="verification"]');
    expect(await verification.getAttribute('data-status')).toBe('claimed');
    // The README's seal is not even read as a hint: the real sidebar marks nothing verified.
    expect(await verification.getAttribute('data-page-hint')).toBeNull();
    const text = (await verification.textContent()) ?? '';
    expect(text).not.toContain('Verified');
    expect(text).toContain('Claimed');

    // Starjacking is judged, not skipped as "verified by provenance".
    expect(await page.locator('[data-fact="starjacking"]').first().getAttribute('data-state')).not.toBe('skipped');
    // The stand-in repository has 7,701 stars: popular, but the link is unverified, so not a "good" finding.
    const popularity = page.locator('[data-rule="repository-popularity"]').first();
    expect(await popularity.getAttribute('data-level')).toBe('info');
    expect(await page.locator('[data-rule="repository-claimed"]').count()).toBeGreaterThan(0);

    // The look-alike sidebars' links started no request, and the badge sits on the real title.
    const github = server.log.filter((e) => e.host === 'api.github.com').map((e) => e.path);
    expect(github).toContain('/repos/spotify/luigi');
    expect(github.filter((path) => path.includes('forged'))).toEqual([]);
    // The forged banner's version (9.9.9) was not taken for the shown one, and the badge and panel sit outside the README.
    expect(server.log.filter((e) => e.path.includes(FORGED.shownVersion))).toEqual([]);
    for (const host of ['pypi-trust-badge', 'pypi-trust-panel']) {
      const inReadme = await page
        .locator(host)
        .evaluate((el) => el.closest('.project-description__main, .vertical-tabs__content .project-description') !== null);
      expect(inReadme).toBe(false);
    }
    await page.close();
  }, 60_000);
});
