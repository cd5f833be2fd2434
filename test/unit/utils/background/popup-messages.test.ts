// The background's popup handlers through the real message front door (sender check + zod): token
// validation, lookup of a name PyPI does not have, and the current tab's remembered verdict.
import { parseProjectUrl } from '../../../../utils/page/pypi-page';
import { describe, expect, it } from 'vitest';
import { createBackground } from '../../../../utils/background/service';
import type { Reply } from '../../../../utils/contract/messages';
import { readRecordedText } from '../../../support/fixtures';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const ID = 'extension-id';
/** The popup as the browser describes it: settings-changing messages are accepted only from extension pages. */
const POPUP = { id: ID, url: `chrome-extension://${ID}/popup.html` };
const TOKEN = `ghp_${'k3Y'.repeat(12)}`;
const RATE_LIMIT = JSON.stringify({
  resources: { core: { limit: 5000, remaining: 4999, reset: 1372700873, used: 1 } },
  rate: { limit: 5000, remaining: 4999, reset: 1372700873, used: 1 },
});

function memoryArea() {
  const data: Record<string, unknown> = {};
  return {
    data,
    async get(keys: string | string[] | null) {
      if (keys === null) return { ...data };
      return Object.fromEntries((Array.isArray(keys) ? keys : [keys]).filter((k) => k in data).map((k) => [k, data[k]]));
    },
    async set(items: Record<string, unknown>) {
      Object.assign(data, structuredClone(items));
    },
    async remove(keys: string | string[]) {
      for (const k of Array.isArray(keys) ? keys : [keys]) delete data[k];
    },
  };
}

type Call = { url: string; headers: Record<string, string>; body?: string };
function setup(respond: (url: URL, call: Call) => Response, tabs: Record<number, string> = {}) {
  const calls: Call[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    const call = { url: String(url), headers: { ...(init.headers as Record<string, string>) }, body: init.body as string | undefined };
    calls.push(call);
    return respond(new URL(String(url)), call);
  }) as unknown as typeof globalThis.fetch;
  const storage = memoryArea();
  const background = createBackground({
    storage,
    extensionId: ID,
    fetch,
    now: () => NOW,
    tabs: { get: async (tabId) => (tabId in tabs ? { url: tabs[tabId] } : Promise.reject(new Error('No tab'))) },
    projectOfUrl: parseProjectUrl,
  });
  const send = async <T>(message: unknown, sender: { id?: string; url?: string; tab?: { id?: number } } = POPUP) => {
    const reply = (await background.handle(message, sender)) as Reply<T>;
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  };
  return { calls, storage, send };
}

const notFound = () => new Response('{"message":"Not Found"}', { status: 404 });

describe('validateToken', () => {
  it('asks GET /rate_limit with the token, stores it, and answers the quota without the token', async () => {
    const { calls, storage, send } = setup((url) => (url.pathname === '/rate_limit' ? new Response(RATE_LIMIT) : notFound()));
    const answer = await send<Record<string, unknown>>({ type: 'validateToken', token: TOKEN });
    expect(answer).toMatchObject({ valid: true, limit: 5000, remaining: 4999, resetAt: '2013-07-01T17:47:53.000Z' });
    expect(answer.settings).toMatchObject({ githubToken: { set: true, hint: '…Yk3Y' } });
    expect(JSON.stringify(answer)).not.toContain(TOKEN);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ url: 'https://api.github.com/rate_limit', headers: { Authorization: `Bearer ${TOKEN}` } });
    expect((storage.data.settings as { githubToken: string }).githubToken).toBe(TOKEN);
    expect(JSON.stringify(await send({ type: 'getSettings' }))).not.toContain(TOKEN);
  });

  it('a 401 is "rejected", and the token is not stored', async () => {
    const { storage, send } = setup(
      () =>
        new Response('{"message":"Bad credentials","documentation_url":"https://docs.github.com/rest","status":"401"}', { status: 401 }),
    );
    const answer = await send<Record<string, unknown>>({ type: 'validateToken', token: TOKEN });
    expect(answer).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/401 Bad credentials.*not saved/),
      settings: { githubToken: { set: false } },
    });
    expect(storage.data.settings).toBeUndefined();
  });

  it('GitHub unreachable: not stored, and the reason says it was not checked', async () => {
    const { send } = setup(() => {
      throw new TypeError('Failed to fetch');
    });
    expect(await send({ type: 'validateToken', token: TOKEN })).toMatchObject({
      valid: false,
      reason: expect.stringMatching(/Could not check the token/),
    });
  });

  it('the stored token goes to api.github.com only, never to PyPI, OSV or deps.dev', async () => {
    const { calls, send } = setup((url) => {
      if (url.pathname === '/rate_limit') return new Response(RATE_LIMIT);
      if (url.pathname === '/pypi/luigi/json') return new Response(readRecordedText('pypi.org/json/luigi.json'));
      if (url.pathname === '/repos/spotify/luigi') return new Response(readRecordedText('api.github.com/repos/PyGithub-PyGithub.json'));
      if (url.pathname === '/v1/query') return new Response('{}');
      return notFound();
    });
    await send({ type: 'validateToken', token: TOKEN });
    await send({ type: 'lookup', name: 'luigi' });
    const withToken = calls.filter((c) =>
      Object.entries(c.headers).some(([k, v]) => k.toLowerCase() === 'authorization' && v.includes(TOKEN)),
    );
    expect(withToken.map((c) => new URL(c.url).host)).toEqual(['api.github.com', 'api.github.com']);
    expect(calls.length).toBeGreaterThan(withToken.length);
  });
});

describe('lookup', () => {
  it('a name PyPI does not have, with an OSV MAL- record: not-on-pypi, danger, the record named', async () => {
    const { calls, send } = setup((url) =>
      url.pathname === '/v1/query'
        ? new Response(`{"vulns":[${readRecordedText('api.osv.dev/vulns/MAL-2026-15859.ossf-malicious-packages.json')}]}`)
        : notFound(),
    );
    const result = await send<Record<string, unknown>>({ type: 'lookup', name: '0requests' });
    expect(result).toMatchObject({
      kind: 'not-on-pypi',
      name: '0requests',
      osv: { state: 'ok' },
      verdict: {
        level: 'danger',
        headline: expect.stringMatching(
          /^Danger: 0requests is not on PyPI — it was a known malicious package \(MAL-2026-15859: Malicious code in 0requests \(PyPI\)\)/,
        ),
      },
      malicious: [
        {
          id: 'MAL-2026-15859',
          summary: 'Malicious code in 0requests (PyPI)',
          published: '2026-09-03T17:00:47Z',
          url: 'https://osv.dev/vulnerability/MAL-2026-15859',
        },
      ],
    });
    const query = calls.find((c) => c.url === 'https://api.osv.dev/v1/query');
    expect(JSON.parse(query!.body!)).toEqual({ package: { name: '0requests', ecosystem: 'PyPI' } });
  });

  it('a name PyPI does not have and OSV does not know: caution, "check the spelling"', async () => {
    const { send } = setup((url) => (url.pathname === '/v1/query' ? new Response('{}') : notFound()));
    expect(await send({ type: 'lookup', name: 'requestss' })).toMatchObject({
      kind: 'not-on-pypi',
      verdict: { level: 'caution', headline: expect.stringMatching(/Check the spelling/) },
      malicious: [],
    });
  });

  it('a name PyPI does not have, weakly like a popular one: the weak candidate, said as "if you meant"', async () => {
    const { send } = setup((url) =>
      url.host === 'hugovk.github.io'
        ? new Response(readRecordedText('data/top-pypi-packages.json'))
        : url.pathname === '/v1/query'
          ? new Response('{}')
          : notFound(),
    );
    const result = await send<Record<string, unknown>>({ type: 'lookup', name: 'boto3-wiki' });
    expect(result).toMatchObject({
      kind: 'not-on-pypi',
      didYouMean: { name: 'boto3' },
      didYouMeanWeak: true,
      verdict: { level: 'caution', headline: expect.stringMatching(/If you meant boto3, use that name/) },
    });
  });

  it('a release the project does not have: no-such-version with the latest, and no OSV name query', async () => {
    const { calls, send } = setup((url) =>
      url.pathname === '/pypi/luigi/json' ? new Response(readRecordedText('pypi.org/json/luigi.json')) : notFound(),
    );
    expect(await send({ type: 'lookup', name: 'luigi', version: '9.9.9' })).toEqual({
      kind: 'no-such-version',
      name: 'luigi',
      version: '9.9.9',
      latestVersion: '3.6.0',
      projectUrl: 'https://pypi.org/project/luigi/',
    });
    expect(calls.filter((c) => c.url.endsWith('/pypi/luigi/json'))).toHaveLength(1); // the second ask is the cache's
    expect(calls.some((c) => c.url.endsWith('/v1/query') && !JSON.parse(c.body!).version)).toBe(false);
  });
});

describe('getActiveVerdict', () => {
  const routes = (url: URL) => {
    if (url.pathname === '/pypi/luigi/json') return new Response(readRecordedText('pypi.org/json/luigi.json'));
    if (url.pathname === '/v1/query') return new Response('{}');
    return notFound();
  };

  it("answers the panel's own report for that tab, with no request", async () => {
    const { calls, send } = setup(routes, { 7: 'https://pypi.org/project/luigi/' });
    const panelReport = await send<{ generatedAt: string }>(
      { type: 'getReport', name: 'luigi' },
      { id: ID, url: 'https://pypi.org/project/luigi/', tab: { id: 7 } },
    );
    const before = calls.length;
    const verdict = await send<Record<string, unknown>>({ type: 'getActiveVerdict', tabId: 7 });
    expect(verdict).toMatchObject({ kind: 'report', name: 'luigi', remembered: true, report: { generatedAt: panelReport.generatedAt } });
    expect(calls.length).toBe(before);
  });

  it('another page, a hidden URL or a closed tab: not-pypi, no request', async () => {
    const { calls, send } = setup(routes, {
      1: 'https://example.com/',
      2: 'https://pypi.org/search/?q=luigi',
      3: undefined as unknown as string,
    });
    for (const tabId of [1, 2, 3, 99]) expect(await send({ type: 'getActiveVerdict', tabId })).toEqual({ kind: 'not-pypi' });
    expect(calls).toEqual([]);
  });

  it('a project tab without a remembered report (worker restarted) builds it, and settings changes forget old reports', async () => {
    const { send } = setup(routes, { 7: 'https://pypi.org/project/luigi/' });
    expect(await send({ type: 'getActiveVerdict', tabId: 7 })).toMatchObject({ kind: 'report', remembered: false });
    await send({ type: 'getReport', name: 'luigi' }, { id: ID, url: 'https://pypi.org/project/luigi/', tab: { id: 7 } });
    await send({ type: 'setSettings', patch: { sources: { github: false } } });
    // The change applies at once: the next answer is built without GitHub, not recalled from before.
    expect(await send({ type: 'getActiveVerdict', tabId: 7 })).toMatchObject({
      kind: 'report',
      remembered: false,
      report: { repository: { state: 'ok', data: { github: { state: 'disabled' } } } },
    });
  });
});
