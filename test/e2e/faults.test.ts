// Faults (issue 10): every upstream down (connection refused), slow (30 s), 500, 429 with retry-after, and HTML instead
// of JSON — then all of them at once. The pypi.org page never breaks, each section says why it has no data, nothing
// from a failed answer is cached, and the next visit after the upstream returns shows the data again.
// Cost: one page per fault kind for "every upstream but PyPI JSON at once" (they are independent, so each section's
// reason is still its own upstream's), one for PyPI JSON (everything depends on it), plus a recovery visit each.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { collectConsole } from '../support/browser';
import { useExtension } from '../support/e2e';
import type { Fault, FaultMatch } from '../support/fixture-server';
import { readProjectFixture, readRecordedText } from '../support/fixtures';
import { resetExtension, snapshotBuild, storageContents, waitSettled } from '../support/hardening';

const { server, hosts, browser } = useExtension({
  scenario: 'luigi',
  hostSwitch: true,
  launch: () => ({ extensionPath: snapshotBuild('.output/chrome-mv3') }),
});

type Kind = 'offline' | 'timeout' | 'upstream' | 'rate-limited' | 'malformed';

/** Reads the error kind a page shows for one upstream; null when it shows none. */
type Reason = (page: Page) => Promise<Kind | 'not-found' | null>;

const attr =
  (selector: string, name = 'data-error-kind'): Reason =>
  async (page) => {
    const el = page.locator(selector).first();
    return (await el.count()) === 0 ? null : ((await el.getAttribute(name)) as Kind | null);
  };

/** Facts that show the message only: classify it by the words http.ts uses for each kind. */
const MESSAGE_KINDS: [Kind, RegExp][] = [
  ['offline', /could not reach|reading from .* failed/i],
  ['timeout', /did not answer within/i],
  ['upstream', /answered 5\d\d/i],
  ['rate-limited', /rate limit|asked us to wait/i],
  ['malformed', /did not send JSON|unexpected shape|web page instead/i],
];
const message =
  (selector: string): Reason =>
  async (page) => {
    const el = page.locator(selector).first();
    if ((await el.count()) === 0) return null;
    const text = (await el.textContent()) ?? '';
    return MESSAGE_KINDS.find(([, re]) => re.test(text))?.[0] ?? null;
  };

type Upstream = {
  id: string;
  host: string;
  match: FaultMatch;
  reason: Reason;
  baseline: Kind | 'not-found' | null;
  /** Why this upstream is not asked again at once after a failure (it recovers when the worker restarts). */
  retryBackoff?: string;
  /** Why a 30 s answer is still an answer here (its own timeout is longer). */
  patientFor30s?: string;
};

/** luigi's upstreams, where each one's failure shows, and what that place shows when all is well (scenario luigi). */
const PYPI_JSON: Upstream = {
  id: 'PyPI JSON',
  host: 'pypi.org',
  match: { host: 'pypi.org', pathPrefix: '/pypi/' },
  reason: attr('[data-section="releases"] [data-error-kind]'),
  baseline: null,
};
const OTHERS: Upstream[] = [
  {
    id: 'PyPI Simple',
    host: 'pypi.org',
    match: { host: 'pypi.org', pathPrefix: '/simple/' },
    reason: attr('[data-section="provenance"] [data-error-kind]'),
    baseline: 'not-found',
  },
  { id: 'GitHub', host: 'api.github.com', match: { host: 'api.github.com' }, reason: attr('[data-fact="github-error"]'), baseline: null },
  {
    id: 'OSV',
    host: 'api.osv.dev',
    match: { host: 'api.osv.dev' },
    reason: attr('[data-section="advisories"] [data-error-kind]'),
    baseline: null,
  },
  { id: 'deps.dev', host: 'api.deps.dev', match: { host: 'api.deps.dev' }, reason: attr('[data-fact="depsdev-error"]'), baseline: null },
  {
    id: 'GitHub raw',
    host: 'raw.githubusercontent.com',
    match: { host: 'raw.githubusercontent.com' },
    reason: message('[data-fact="starjacking"]'),
    baseline: null,
  },
  {
    id: 'top packages',
    host: 'hugovk.github.io',
    match: { host: 'hugovk.github.io' },
    reason: message('[data-fact="typosquat"]'),
    baseline: null,
    retryBackoff:
      'utils/background/top-list.ts keeps a failed load for RETRY_MISSING_MS (10 min) in memory, so page views do not re-ask an absent host',
  },
  {
    id: 'files',
    host: 'files.pythonhosted.org',
    match: { host: 'files.pythonhosted.org' },
    reason: attr('[data-section="code"] [data-error-kind]'),
    baseline: 'not-found',
    patientFor30s: 'utils/sources/files.ts gives archive downloads 60 s (DOWNLOAD_TIMEOUT_MS): a 30 s answer is used',
  },
];

const RETRY_AFTER_S = 2;
const BOT_CHALLENGE = readRecordedText('pypi.org/html/search-bot-challenge.2025.html');
const FAULTS: Record<Kind, { label: string; fault: Fault | 'refuse' }> = {
  offline: { label: 'down (connection refused)', fault: 'refuse' },
  upstream: { label: '500', fault: { status: 500 } },
  'rate-limited': {
    label: `429 with retry-after: ${RETRY_AFTER_S}`,
    fault: {
      status: 429,
      headers: { 'retry-after': String(RETRY_AFTER_S) },
      body: JSON.stringify(readProjectFixture('synthetic-429-too-many-requests.json')),
    },
  },
  malformed: {
    label: 'HTML instead of JSON (recorded bot-challenge page, status 200)',
    fault: { status: 200, body: BOT_CHALLENGE, headers: { 'content-type': 'text/html; charset=utf-8' } },
  },
  // Last: answers held for 30 s leave the local forwarders' connections busy past the test, which made a
  // following fault kind's requests fail at the connection level in the harness (seen in full runs only).
  timeout: { label: 'slow (answers after 30 s; the 10 s timeout fires)', fault: { delayMs: 30_000 } },
};

async function applyFault(upstream: Upstream, kind: Kind) {
  const { fault } = FAULTS[kind];
  if (fault !== 'refuse') return server.setFault(upstream.match, fault);
  // pypi.org also serves the page itself, so its APIs are "down" as a reset connection; every other host refuses.
  if (upstream.host === 'pypi.org') server.setFault(upstream.match, { destroy: true });
  else await hosts.down(upstream.host);
}

async function restoreAll() {
  server.clearFaults();
  await hosts.upAll();
}

/** What every faulted visit must still be: the page intact, the panel settled, no page error. */
async function expectPageIntact(page: Page, errors: () => string[]) {
  expect(await page.locator('.banner h1').first().textContent()).toContain('luigi');
  expect(await page.locator('.project-description').count()).toBeGreaterThan(0);
  expect(await page.locator('[data-testid="trust-badge"]').count()).toBe(1);
  for (const name of ['repository', 'releases', 'advisories', 'provenance']) {
    expect(['ok', 'error'], name).toContain(await page.locator(`[data-section="${name}"]`).first().getAttribute('data-state'));
  }
  expect(errors()).toEqual([]);
}

/** No cache entry may exist for a request that failed: an error is never stored as data. */
async function expectNothingCachedFor(faulted: Upstream[]) {
  const keys = Object.keys(await storageContents(browser)).filter((k) => k.startsWith('cache:'));
  for (const upstream of faulted) {
    const prefix = `https://${upstream.host}${upstream.match.pathPrefix ?? '/'}`;
    expect(
      keys.filter((k) => k.replace(/^cache:(GET|POST) /, '').startsWith(prefix)),
      upstream.id,
    ).toEqual([]);
  }
}

async function visit() {
  await hosts.dropConnections();
  const page = await browser.newPage();
  const capture = collectConsole(page);
  await page.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' });
  await waitSettled(page, 60_000);
  return { page, errors: () => capture.unexpectedErrors() };
}

type Shown = Kind | 'not-found' | null;
/** What the faulted visit must show: a reader and its expected value per label. */
type Expectation = { label: string; read: Reason; expected: Shown }[];

/** Each faulted upstream's own place shows `shown(u)`. */
const ownReasons = (faulted: Upstream[], shown: (u: Upstream) => Shown): Expectation =>
  faulted.map((u) => ({ label: u.id, read: u.reason, expected: shown(u) }));

/** Fault `faulted` with `kindOf`, check the visit shows `expectation`, restore, check the next visit recovers. */
async function faultAndRecover(faulted: Upstream[], kindOf: (u: Upstream) => Kind, expectation: Expectation) {
  await restoreAll();
  await resetExtension(browser);
  for (const upstream of faulted) await applyFault(upstream, kindOf(upstream));
  server.clearLog();
  const started = Date.now();
  const faultedVisit = await visit();
  await expectPageIntact(faultedVisit.page, faultedVisit.errors);
  const shown = Object.fromEntries(await Promise.all(expectation.map(async (e) => [e.label, await e.read(faultedVisit.page)])));
  expect(shown).toEqual(Object.fromEntries(expectation.map((e) => [e.label, e.expected])));
  await faultedVisit.page.close();
  await expectNothingCachedFor(faulted);

  await restoreAll();
  // A 429 asked us to wait: the extension honours it, so come back once the wait is over.
  const wait = started + (RETRY_AFTER_S + 1) * 1000 - Date.now();
  if (faulted.some((u) => kindOf(u) === 'rate-limited') && wait > 0) await new Promise((r) => setTimeout(r, wait));
  server.clearLog();
  const next = await visit();
  await expectPageIntact(next.page, next.errors);
  const prompt = faulted.filter((u) => !u.retryBackoff);
  const recovered = Object.fromEntries(await Promise.all(prompt.map(async (u) => [u.id, await u.reason(next.page)])));
  expect(recovered).toEqual(Object.fromEntries(prompt.map((u) => [u.id, u.baseline])));
  // It really asked again: the failure was not remembered as an answer (a slow answer within budget was an answer).
  const asked = new Set(server.log.map((e) => e.host));
  for (const upstream of prompt.filter((u) => !(u.patientFor30s && kindOf(u) === 'timeout'))) {
    expect(asked, upstream.id).toContain(upstream.host);
  }
  await next.page.close();

  // Upstreams with a deliberate retry back-off: nothing was cached, so a fresh worker asks again and recovers.
  const backedOff = faulted.filter((u) => u.retryBackoff);
  if (backedOff.length === 0) return;
  await browser.stopServiceWorker();
  server.clearLog();
  const fresh = await visit();
  for (const upstream of backedOff) {
    expect(await upstream.reason(fresh.page), upstream.id).toBe(upstream.baseline);
    expect(
      server.log.some((e) => e.host === upstream.host),
      upstream.id,
    ).toBe(true);
  }
  await fresh.page.close();
}

describe.each(Object.keys(FAULTS) as Kind[])('upstream fault: %s', (kind) => {
  // retry: with 500s nothing is cached, and the code scan used to rebuild the whole report, asking every host again
  // within ≈ 0.5 s. Chromium holds back an extension's repeated requests to a URL that answered 5xx
  // (dev.chromium.org/throttling): they failed before reaching the network and showed "offline" in about half of
  // the runs. The code scan now adds to the page's report, and Http reports such a failure as the server error it
  // follows (utils/sources/http/rate-limits.ts, SERVER_ERROR_MEMORY_MS). The retry stays as a guard; every attempt still asserts
  // the exact reason for every upstream.
  it(`${FAULTS[kind].label} on every upstream but PyPI JSON: each section gives its own reason, then recovers`, {
    timeout: 120_000,
    retry: 2,
  }, async () => {
    await faultAndRecover(
      OTHERS,
      () => kind,
      ownReasons(OTHERS, (u) => (kind === 'timeout' && u.patientFor30s ? u.baseline : kind)),
    );
  });

  it(`${FAULTS[kind].label} on PyPI JSON: Releases gives the reason, the rest say "not checked" with it, then recovers`, async () => {
    await faultAndRecover([PYPI_JSON], () => kind, [
      ...ownReasons([PYPI_JSON], () => kind),
      // Everything that needs PyPI's data says why it could not start.
      { label: 'Repository', read: attr('[data-section="repository"] [data-error-kind]'), expected: kind },
      { label: 'Advisories', read: attr('[data-section="advisories"] [data-error-kind]'), expected: kind },
    ]);
  }, 120_000);
});

it('all at once: a different fault on every upstream, PyPI JSON included; the verdict is unknown, then all recovers', async () => {
  const kinds = Object.keys(FAULTS) as Kind[];
  const all = [PYPI_JSON, ...OTHERS];
  const kindOf = (u: Upstream) => kinds[all.indexOf(u) % kinds.length]!;
  const pypi = kindOf(PYPI_JSON);
  // Without PyPI's data the repository and advisory checks cannot start: they say "not checked" with PyPI's reason.
  // The Simple index and the top-packages list do not need it, so they show their own.
  const top = OTHERS.find((u) => u.id === 'top packages')!;
  const simple = OTHERS.find((u) => u.id === 'PyPI Simple')!;
  await faultAndRecover(all, kindOf, [
    { label: 'Releases', read: PYPI_JSON.reason, expected: pypi },
    { label: 'Repository', read: attr('[data-section="repository"] [data-error-kind]'), expected: pypi },
    { label: 'Advisories', read: attr('[data-section="advisories"] [data-error-kind]'), expected: pypi },
    { label: 'Provenance', read: simple.reason, expected: kindOf(simple) },
    { label: 'Top packages', read: top.reason, expected: kindOf(top) },
    { label: 'Verdict', read: attr('[data-testid="trust-badge"]', 'data-level'), expected: 'unknown' as Shown },
  ]);
}, 180_000);
