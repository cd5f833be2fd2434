// The background's front door with fake senders: only this extension may talk to it, only messages that follow the
// zod contract reach a handler, and the GitHub token never comes back in any answer (design §3, issue 10).
import { describe, expect, it, vi } from 'vitest';
import { createMessageHandler, type Handlers, type Sender } from '../../../../utils/background/handler';
import { createBackground } from '../../../../utils/background/service';
import { readRecordedText } from '../../../support/fixtures';
import { memoryArea } from '../../../support/memory-area';

const EXTENSION_ID = 'pypitrustpanelextensionid';
const OURS: Sender = { id: EXTENSION_ID, url: `chrome-extension://${EXTENSION_ID}/popup.html` };
const TOKEN = 'ghp_SyntheticTestToken0123456789abcdefXYZ9';

/** Every handler is this one spy, so the test keeps working as message types are added. */
function spiedHandler() {
  const spy = vi.fn(async (message: unknown) => ({ echoed: message }));
  const handlers = new Proxy({}, { get: () => spy }) as unknown as Handlers;
  return { handle: createMessageHandler(EXTENSION_ID, handlers), spy };
}

describe('senders that are not this extension are refused before any work', () => {
  const foreign: [string, Sender | null | undefined][] = [
    ['another extension', { id: 'someotherextensionid', url: 'chrome-extension://someotherextensionid/bg.js' }],
    ['a web page (no id, as externally_connectable would deliver it)', { url: 'https://evil.example/' }],
    ['a web page claiming our URL but no id', { url: `chrome-extension://${EXTENSION_ID}/popup.html` }],
    ['an id differing only in case', { id: EXTENSION_ID.toUpperCase() }],
    ['an id with a trailing space', { id: `${EXTENSION_ID} ` }],
    ['an empty id', { id: '' }],
    ['no sender object', undefined],
    ['a null sender', null],
  ];
  it.each(foreign)('%s', async (_label, sender) => {
    const { handle, spy } = spiedHandler();
    const reply = await handle({ type: 'getSettings' }, sender as Sender);
    expect(reply).toEqual({ ok: false, error: 'Messages are only accepted from this extension' });
    expect(spy).not.toHaveBeenCalled();
  });
});

describe('a content script (this extension, on a pypi.org page) may ask but not change settings', () => {
  const CONTENT_SCRIPT: Sender = { id: EXTENSION_ID, url: 'https://pypi.org/project/luigi/', tab: { id: 3 } };
  it.each([
    ['setSettings', { type: 'setSettings', patch: { githubToken: TOKEN } }],
    ['setSettings turning OSV off', { type: 'setSettings', patch: { sources: { osv: false } } }],
    ['validateToken', { type: 'validateToken', token: TOKEN }],
    ['clearCache', { type: 'clearCache' }],
  ])('%s is refused', async (_label, message) => {
    const { handle, spy } = spiedHandler();
    const reply = await handle(message, CONTENT_SCRIPT);
    expect(reply).toMatchObject({ ok: false });
    expect(spy).not.toHaveBeenCalled();
  });
  it.each([
    ['getReport', { type: 'getReport', name: 'luigi' }],
    ['getBadges', { type: 'getBadges', names: ['luigi'] }],
  ])('%s is answered', async (_label, message) => {
    const { handle, spy } = spiedHandler();
    expect((await handle(message, CONTENT_SCRIPT)).ok).toBe(true);
    expect(spy).toHaveBeenCalledTimes(1);
  });
  it.each([`chrome-extension://${EXTENSION_ID}/popup.html`, 'moz-extension://0d6a5b1e-1111-4c3b-9d5e-2f0e6a7b8c9d/popup.html'])(
    'the extension page %s may change settings',
    async (url) => {
      const { handle, spy } = spiedHandler();
      expect((await handle({ type: 'clearCache' }, { id: EXTENSION_ID, url })).ok).toBe(true);
      expect(spy).toHaveBeenCalledTimes(1);
    },
  );
});

describe('messages that fail the contract are refused, even from this extension', () => {
  const broken: [string, unknown][] = [
    ['a string', 'getSettings'],
    ['null', null],
    ['a number', 42],
    ['an array', [{ type: 'getSettings' }]],
    ['no type', { name: 'luigi' }],
    ['an unknown type', { type: 'runCode', code: 'alert(1)' }],
    ['a type with other case', { type: 'GETSETTINGS' }],
    ['getReport without a name', { type: 'getReport' }],
    ['getReport with markup as the name', { type: 'getReport', name: '<img src=x onerror=alert(1)>' }],
    ['getReport with a path as the name', { type: 'getReport', name: '../../../etc/passwd' }],
    ['getReport with a URL as the name', { type: 'getReport', name: 'https://evil.example/x' }],
    ['getReport with a 100 KB name', { type: 'getReport', name: 'a'.repeat(100 * 1024) }],
    ['getReport with a right-to-left override in the name', { type: 'getReport', name: 'req\u202Estseu' }],
    ['getReport with a look-alike (Cyrillic) name', { type: 'getReport', name: 'r\u0435quests' }],
    ['getReport with a hostile version', { type: 'getReport', name: 'luigi', version: '1.0/../../x' }],
    ['getReport with a number as the version', { type: 'getReport', name: 'luigi', version: 3 }],
    [
      'getReport with 51 page URLs',
      { type: 'getReport', name: 'luigi', pageHints: { verifiedUrls: Array(51).fill('https://github.com/a/b') } },
    ],
    [
      'getReport with a 3 KB page URL',
      { type: 'getReport', name: 'luigi', pageHints: { verifiedUrls: [`https://github.com/${'a'.repeat(3000)}`] } },
    ],
    ['scanCode with a hostile version', { type: 'scanCode', name: 'luigi', version: '1.0/../../x' }],
    ['scanCode with allowLarge as a string', { type: 'scanCode', name: 'luigi', allowLarge: 'true' }],
    ['scanCode with markup as the name', { type: 'scanCode', name: '<img src=x onerror=alert(1)>' }],
    ['getBadges with no names', { type: 'getBadges', names: [] }],
    ['getBadges with 101 names', { type: 'getBadges', names: Array.from({ length: 101 }, (_, i) => `pkg${i}`) }],
    ['getBadges with a name that is not a string', { type: 'getBadges', names: [{ toString: 'x' }] }],
    ['getBadges with a shown version that is not a version', { type: 'getBadges', names: ['luigi'], shown: { luigi: '1.0/../../x' } }],
    [
      'getBadges with 101 shown versions',
      { type: 'getBadges', names: ['luigi'], shown: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`pkg${i}`, '1.0'])) },
    ],
    ['setSettings without a patch', { type: 'setSettings' }],
    ['setSettings with a 256-character token', { type: 'setSettings', patch: { githubToken: 'x'.repeat(256) } }],
    ['setSettings with a token that is an object', { type: 'setSettings', patch: { githubToken: { value: TOKEN } } }],
    ['setSettings with a zero cache TTL', { type: 'setSettings', patch: { cacheTtlMinutes: 0 } }],
    ['setSettings with a fractional cache TTL', { type: 'setSettings', patch: { cacheTtlMinutes: 1.5 } }],
    ['setSettings with a source switch that is a string', { type: 'setSettings', patch: { sources: { github: 'false' } } }],
  ];
  it.each(broken)('%s', async (_label, message) => {
    const { handle, spy } = spiedHandler();
    const reply = await handle(message, OURS);
    expect(reply).toEqual({ ok: false, error: 'The message does not follow the contract' });
    expect(spy).not.toHaveBeenCalled();
  });

  it('keys outside the contract never reach the handler', async () => {
    const { handle, spy } = spiedHandler();
    // Parsed from JSON, as a structured-clone message would arrive: "__proto__" is an own key, not a prototype.
    const raw: unknown = JSON.parse('{"type":"getReport","name":"luigi","url":"https://evil.example/","__proto__":{"polluted":true}}');
    const reply = await handle(raw, OURS);
    expect(reply.ok).toBe(true);
    expect(spy).toHaveBeenCalledTimes(1);
    const seen = spy.mock.calls[0]![0] as Record<string, unknown>;
    expect(seen).toEqual({ type: 'getReport', name: 'luigi' });
    expect(Object.keys(seen)).not.toContain('url');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a handler that throws answers a fixed text, never the exception (which could carry a secret)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const handle = createMessageHandler(
      EXTENSION_ID,
      new Proxy(
        {},
        {
          get: () => async () => {
            throw new Error(`boom with ${TOKEN}`);
          },
        },
      ) as unknown as Handlers,
    );
    const reply = await handle({ type: 'getSettings' }, OURS);
    expect(reply).toEqual({ ok: false, error: 'The extension could not build this report' });
    expect(JSON.stringify(reply)).not.toContain(TOKEN);
    warn.mockRestore();
  });
});

/** Recorded bodies for luigi's PyPI JSON and a GitHub repository; every other request answers 404. */
function recordingFetch() {
  const requests: { url: string; headers: Record<string, string> }[] = [];
  const fetch = (async (input: string, init: RequestInit = {}) => {
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    requests.push({ url: String(input), headers });
    const { hostname, pathname } = new URL(String(input));
    if (hostname === 'pypi.org' && pathname === '/pypi/luigi/json') return new Response(readRecordedText('pypi.org/json/luigi.json'));
    if (hostname === 'api.github.com' && pathname.startsWith('/repos/'))
      return new Response(readRecordedText('api.github.com/repos/PyGithub-PyGithub.json'));
    return new Response('{"message":"Not Found"}', { status: 404 });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, requests };
}

describe('the GitHub token stays in the background', () => {
  it('is stored, sent to api.github.com only, and appears in no answer', async () => {
    const storage = memoryArea();
    const { fetch, requests } = recordingFetch();
    const background = createBackground({ storage, extensionId: EXTENSION_ID, fetch, now: () => Date.parse('2026-11-25T12:00:00Z') });
    const answers: unknown[] = [];
    const ask = async (message: unknown, sender: Sender = OURS) => {
      const reply = await background.handle(message, sender);
      answers.push(reply);
      return reply;
    };

    const set = await ask({ type: 'setSettings', patch: { githubToken: TOKEN } });
    expect(set).toMatchObject({ ok: true, value: { githubToken: { set: true, hint: `…${TOKEN.slice(-4)}` } } });
    expect(JSON.stringify(storage.data)).toContain(TOKEN); // it was really stored…
    await ask({ type: 'getSettings' });
    const report = await ask({ type: 'getReport', name: 'luigi' }, { ...OURS, url: 'https://pypi.org/project/luigi/', tab: { id: 7 } });
    expect(report.ok).toBe(true);
    await ask({ type: 'getBadges', names: ['luigi', 'requests'] });
    await ask({ type: 'clearCache' });
    // A foreign sender asking for the settings learns nothing either.
    await ask({ type: 'getSettings' }, { id: 'someotherextensionid' });

    // …and no answer, of any message, carries it or a long piece of it.
    for (const answer of answers) {
      const text = JSON.stringify(answer);
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(TOKEN.slice(0, 12));
    }
    const github = requests.filter((r) => new URL(r.url).hostname === 'api.github.com');
    expect(github.length).toBeGreaterThan(0);
    for (const r of github) expect(r.headers['authorization']).toContain(TOKEN);
    const others = requests.filter((r) => new URL(r.url).hostname !== 'api.github.com');
    expect(others.length).toBeGreaterThan(0);
    for (const r of others) {
      expect(r.headers['authorization']).toBeUndefined();
      expect(JSON.stringify(r)).not.toContain(TOKEN);
    }
  });
});
