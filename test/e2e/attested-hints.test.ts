// The page's file list starts the Integrity requests (issue 20 §2), through the real extension in Chromium, on the
// recorded requests page: both 2.34.2 files say "Uploaded using Trusted Publishing? Yes", the recorded Simple index
// lists provenance for both, and no Integrity body was recorded for them (the server answers 404). So the hint is
// right about what PyPI advertises and the Integrity API still fails: the verdict must be the one without hints.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useExtension } from '../support/e2e';

const { server, browser } = useExtension({ scenario: 'requests' });

const INTEGRITY = ['requests-2.34.2.tar.gz', 'requests-2.34.2-py3-none-any.whl'].map(
  (file) => `/integrity/requests/2.34.2/${file}/provenance`,
);
const integrityLog = () => server.log.filter((e) => e.host === 'pypi.org' && e.path.startsWith('/integrity/requests/2.34.2/'));

async function settled(page: Page) {
  const badge = page.locator('[data-testid="trust-badge"]').first();
  await expect.poll(() => badge.getAttribute('data-level'), { timeout: 20_000 }).not.toBe('loading');
  const provenance = page.locator('[data-section="provenance"]').first();
  await expect.poll(() => provenance.getAttribute('data-state'), { timeout: 20_000 }).not.toBe('loading');
  return { level: await badge.getAttribute('data-level'), provenance: await provenance.getAttribute('data-state') };
}

type Verdict = { level: string };
type LookupReply = { ok: true; value: { kind: 'report'; report: { verdict: Verdict; provenance: { state: string } } } };

describe('attested files named by the page', () => {
  it('leave for the Integrity API before the Simple index answers, each once, and change no verdict', async () => {
    await browser.resetExtension();
    server.clearLog();
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    server.setFault({ host: 'pypi.org', pathPrefix: '/simple/requests/' }, { holdUntil: held });
    const page = await browser.newPage();
    try {
      await page.goto('https://pypi.org/project/requests/', { waitUntil: 'domcontentloaded' });
      // Answered (404) while the Simple index is still held: they were asked on the page's hints.
      await expect
        .poll(
          () =>
            integrityLog()
              .map((e) => e.path)
              .sort(),
          { timeout: 15_000 },
        )
        .toEqual([...INTEGRITY].sort());
      expect(server.log.some((e) => e.path === '/simple/requests/')).toBe(false);
    } finally {
      release();
      server.clearFaults();
    }
    const withHints = await settled(page);
    // The attestations task asked for the same URLs once the Simple index answered: joined, not asked again.
    expect(
      integrityLog()
        .map((e) => e.path)
        .sort(),
    ).toEqual([...INTEGRITY].sort());
    await page.close();

    // The same project without page hints (the popup's lookup): the same verdict and provenance state.
    await browser.resetExtension();
    const ext = await browser.newPage();
    await ext.goto(`chrome-extension://${browser.extensionId}/rules.html`);
    const reply = (await ext.evaluate(() =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({
        type: 'lookup',
        name: 'requests',
      }),
    )) as LookupReply;
    await ext.close();
    expect(reply.ok && reply.value.kind).toBe('report');
    expect(withHints).toEqual({ level: reply.value.report.verdict.level, provenance: reply.value.report.provenance.state });
  });
});
