import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { compactProjectJson, normaliseReleaseFacts, PypiJson } from '../../../../utils/sources/pypi-json';
import { readRecorded } from '../../../support/fixtures';

const recorded = (path: string) => z.parse(PypiJson, readRecorded(`pypi.org/json/${path}`));

describe('PyPI JSON → ReleaseFacts on recorded bodies', () => {
  it('luigi: 84 releases, latest 3.6.0, first and latest upload dates', () => {
    const facts = normaliseReleaseFacts(recorded('luigi.json'), null);
    expect(facts.releaseCount).toBe(84);
    expect(facts.latestVersion).toBe('3.6.0');
    expect(facts.viewedVersion).toBe('3.6.0');
    expect(facts.releasesBehind).toBe(0);
    expect(facts.latestUploadAt).toMatch(/^2024-12-06T/);
    expect(facts.firstUploadAt! < '2013-01-01').toBe(true);
    expect(
      facts.releases
        .filter((r) => r.fileCount === 0)
        .map((r) => r.version)
        .sort(),
    ).toEqual(['1.0.21', '1.0.8']);
    expect(facts.releases.filter((r) => r.isPrerelease).map((r) => r.version)).toEqual(['3.0.0b1', '3.0.0b2']);
    expect(facts.files.map((f) => f.filename)).toEqual(['luigi-3.6.0.tar.gz']);
    expect(facts.files[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(facts.projectLinks).toEqual([{ label: 'Homepage', url: 'https://github.com/spotify/luigi' }]);
    expect(facts.vulnerabilities).toEqual([]);
    expect(facts.ownership).toBeNull();
  });

  it('orders releases by PEP 440, not as text', () => {
    const versions = normaliseReleaseFacts(recorded('luigi.json'), null).releases.map((r) => r.version);
    expect(versions.indexOf('2.8.13')).toBeGreaterThan(versions.indexOf('2.8.9'));
    expect(versions.indexOf('3.0.0b1')).toBeLessThan(versions.indexOf('3.0.0'));
    expect(versions.at(-1)).toBe('3.6.0');
  });

  it('3.5.0 is three releases behind latest (3.5.1, 3.5.2, 3.6.0 follow it)', () => {
    const facts = normaliseReleaseFacts(recorded('luigi.json'), null, '3.5.0');
    expect(facts.viewedVersion).toBe('3.5.0');
    expect(facts.viewed?.version).toBe('3.5.0');
    expect(facts.latestVersion).toBe('3.6.0');
    expect(facts.releasesBehind).toBe(3);
  });

  it('coverage (many releases, 9 without files): counts every release', () => {
    const facts = normaliseReleaseFacts(recorded('coverage.json'), null);
    expect(facts.releaseCount).toBe(94);
    expect(facts.releases.filter((r) => r.fileCount === 0)).toHaveLength(9);
    expect(facts.latestVersion).toBe('5.5');
    expect(facts.files).toHaveLength(52);
  });

  it('black 21.11b0 (version JSON): yanked with its reason, both files yanked', () => {
    const version = recorded('black-21.11b0.yanked.json');
    const facts = normaliseReleaseFacts(recorded('black.trimmed.json'), version, '21.11b0');
    expect(facts.viewed?.yanked).toBe(true);
    expect(facts.viewed?.yankedReason).toBe('Broken regex dependency. Use 21.11b1 instead.');
    expect(facts.files.every((f) => f.yanked)).toBe(true);
    expect(facts.yankedCount).toBe(1);
    // Only a pre-release remains unyanked, so it is the latest.
    expect(facts.latestVersion).toBe('19.10b0');
  });

  it('aiohttp 3.12.15 (version JSON only): keeps PyPI’s eight advisories for the viewed version', () => {
    const version = recorded('aiohttp-3.12.15.json');
    const facts = normaliseReleaseFacts(version, version, '3.12.15');
    expect(facts.vulnerabilities).toHaveLength(8);
    expect(facts.vulnerabilities.every((v) => v.id.startsWith('GHSA-'))).toBe(true);
    expect(facts.vulnerabilities.flatMap((v) => v.fixedIn)).toContain('3.13.3');
    expect(facts.vulnerabilities[0]?.url).toMatch(/^https:\/\/osv\.dev\/vulnerability\//);
    expect(facts.ownership?.organization).toBe('aio-libs');
    expect(facts.ownership?.roles).toHaveLength(5);
  });

  it('microsoft 0.0.1: a placeholder with no files', () => {
    const facts = normaliseReleaseFacts(recorded('microsoft-0.0.1.json'), null, '0.0.1');
    expect(facts.files).toEqual([]);
    expect(facts.releaseCount).toBe(4);
  });

  it('numpy 1.20.3 (2021 version body with 105 releases)', () => {
    const body = recorded('numpy-1.20.3.json');
    const facts = normaliseReleaseFacts(body, body, '1.20.3');
    expect(facts.releaseCount).toBe(105);
    expect(facts.files).toHaveLength(24);
    expect(facts.homePage).toBe('https://www.numpy.org/');
  });

  it('drops project links that are not http(s) and upgrades http:', () => {
    const body = recorded('luigi.json');
    const hostile = {
      ...body,
      info: {
        ...body.info,
        project_urls: { Source: 'javascript:alert(1)', Docs: 'http://luigi.readthedocs.io', Data: 'data:text/html,x' },
      },
    };
    const facts = normaliseReleaseFacts(hostile, null);
    expect(facts.projectLinks).toEqual([{ label: 'Docs', url: 'https://luigi.readthedocs.io/' }]);
  });
});

// The cache keeps a compact project body (compactProjectJson): pages must read the same facts from it.
describe('compactProjectJson: what the cache keeps gives the same facts', () => {
  const bodies = [
    'luigi.json',
    'coverage.json',
    'numpy-1.20.3.json',
    'apeye.json',
    'octocheese.json',
    'black.trimmed.json',
    'microsoft-0.0.1.json',
  ];

  it.each(bodies)('%s: the project page facts are equal, from the whole body and from what is kept', (path) => {
    const body = recorded(path);
    expect(normaliseReleaseFacts(compactProjectJson(body), null)).toEqual(normaliseReleaseFacts(body, null));
  });

  it.each(bodies)('%s: every release page (with its version JSON) reads the same standing', (path) => {
    const body = recorded(path);
    const kept = compactProjectJson(body);
    for (const version of Object.keys(body.releases ?? {})) {
      // A version JSON's own files are the viewed release's: here the project body's files for that version.
      const versionJson = { ...body, info: { ...body.info, version }, urls: body.releases![version]!, releases: {} };
      expect(normaliseReleaseFacts(kept, versionJson, version)).toEqual(normaliseReleaseFacts(body, versionJson, version));
    }
  });

  it('keeps the files of the release a project page shows, and a quarter of numpy’s parsed body', () => {
    const body = recorded('numpy-1.20.3.json');
    const kept = compactProjectJson(body);
    expect(kept.releases![body.info.version]).toEqual(body.releases![body.info.version]);
    expect(kept.info).toEqual(body.info);
    expect(JSON.stringify(kept).length).toBeLessThan(JSON.stringify(body).length / 3);
    const other = Object.keys(body.releases!).find((v) => v !== body.info.version && body.releases![v]!.length > 0)!;
    expect(kept.releases![other]![0]).not.toHaveProperty('url');
  });
});
