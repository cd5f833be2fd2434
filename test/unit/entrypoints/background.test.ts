// The background's start stays lean (issue 20 §3): evaluating its entry and running main() must not evaluate the
// heavy modules the first message does not need — they are loaded on first use (import(), which the bundler keeps
// inline and evaluates lazily). Counted, not timed: each heavy module is mocked with a factory that records that it
// was loaded, and a light module the start does need is recorded the same way, so the check itself can fail.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';

const loaded = vi.hoisted(() => new Set<string>());

/** Heavy for a worker's start, needed only later: the code scan's inflate, the PEP 740 verifier, CVSS, PEP 508. */
const HEAVY = vi.hoisted(() => ['fflate', 'modern-tar', '@freedomofpress/sigstore-browser', 'ae-cvss-calculator', 'pip-requirements-js']);

vi.mock('fflate', async (original) => (loaded.add('fflate'), await original()));
vi.mock('modern-tar', async (original) => (loaded.add('modern-tar'), await original()));
vi.mock('@freedomofpress/sigstore-browser', async (original) => (loaded.add('@freedomofpress/sigstore-browser'), await original()));
vi.mock('ae-cvss-calculator', async (original) => (loaded.add('ae-cvss-calculator'), await original()));
vi.mock('pip-requirements-js', async (original) => (loaded.add('pip-requirements-js'), await original()));
// The control: PEP 440 ordering is on the first message's path (PyPI's answer, OSV's ranges), imported statically.
vi.mock('@renovatebot/pep440', async (original) => (loaded.add('@renovatebot/pep440'), await original()));
vi.mock('../../../utils/analysis/code-scan/index.ts', async (original) => (loaded.add('analysis/code-scan'), await original()));

type Listener = (message: unknown, sender: unknown, reply: (answer: unknown) => void) => unknown;
type NavigationListener = (details: { url: string; method: string; tabId: number }) => unknown;

describe('entrypoints/background: what the worker evaluates at start', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('evaluates none of the heavy modules until they are used, and answers the first message through the native API', async () => {
    let listener: Listener | null = null;
    let navigation: { listener: NavigationListener; filter: unknown; extra: unknown } | null = null;
    const api = {
      ...fakeBrowser,
      runtime: { ...fakeBrowser.runtime, onMessage: { addListener: (l: Listener) => (listener = l) } },
      webRequest: {
        onBeforeRequest: {
          addListener: (l: NavigationListener, filter: unknown, extra?: unknown) => (navigation = { listener: l, filter, extra }),
        },
      },
    };
    vi.stubGlobal('browser', api);
    const { default: background } = await import('../../../entrypoints/background');
    background.main!();

    expect(listener).not.toBeNull();
    // Project and search page loads only, observed (no 'blocking': the listener cannot hold or change a request).
    expect(navigation).not.toBeNull();
    expect(navigation!.filter).toEqual({ urls: ['https://pypi.org/project/*', 'https://pypi.org/search/*'], types: ['main_frame'] });
    expect(navigation!.extra).toBeUndefined();
    expect(navigation!.listener({ url: 'https://pypi.org/project/luigi/', method: 'GET', tabId: 1 })).toBeUndefined();
    expect([...loaded]).toContain('@renovatebot/pep440');
    for (const heavy of [...HEAVY, 'analysis/code-scan']) expect(loaded, `${heavy} evaluated at start`).not.toContain(heavy);

    // The first message a page sends is answered through sendResponse (the native API's way, in both browsers).
    const answer = await new Promise((resolve) => {
      const kept = listener!({ type: 'prefetch', name: 'luigi' }, { id: fakeBrowser.runtime.id, tab: { id: 1 } }, resolve);
      expect(kept).toBe(true);
    });
    expect(answer).toEqual({ ok: true, value: { started: true } });
    expect(loaded, 'the scanner is not needed to start a report').not.toContain('analysis/code-scan');
  });
});
