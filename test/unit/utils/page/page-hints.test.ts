// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true,"disableIframePageLoading":true,"disableCSSFileLoading":true,"disableJavaScriptFileLoading":true,"disableJavaScriptEvaluation":true}}
// The project links a page lists are a hint that lets GitHub be asked before PyPI JSON answers: on every
// recorded layout they must name the repository PyPI JSON's project_urls name.
import * as z from 'zod/mini';
import { describe, expect, it } from 'vitest';
import { GetReport } from '../../../../utils/contract/messages';
import { readProjectLinks } from '../../../../utils/page/pypi-page';
import { normaliseReleaseFacts, PypiJson } from '../../../../utils/sources/pypi-json';
import { resolveRepository } from '../../../../utils/analysis/repository';
import { readRecorded, readRecordedText } from '../../../support/fixtures';

const page = (file: string) => new DOMParser().parseFromString(readRecordedText(`pypi.org/html/${file}`), 'text/html');

describe('readProjectLinks', () => {
  it.each([
    ['reconstructed-project-luigi.html', [{ label: 'Homepage', url: 'https://github.com/spotify/luigi' }]],
    ['reconstructed-project-luigi.2024-layout.html', [{ label: 'Homepage', url: 'https://github.com/spotify/luigi' }]],
    ['project-tennis-0.1.2.2023-saved.html', [{ label: 'Homepage', url: 'https://github.com/bear102/tennis' }]],
    [
      'reconstructed-project-requests.html',
      [
        { label: 'Homepage', url: 'https://requests.readthedocs.io/' },
        { label: 'Documentation', url: 'https://requests.readthedocs.io/' },
        { label: 'Source', url: 'https://github.com/psf/requests' },
      ],
    ],
  ])("%s: the links, without pypi.org's own pages or unlabelled ads", (file, expected) => {
    expect(readProjectLinks(page(file))).toEqual(expected);
  });

  it('aiohttp 3.12.15 (many labelled links): the hint resolves to the repository its links name', () => {
    const links = readProjectLinks(page('reconstructed-project-version-aiohttp-3.12.15.html'));
    expect(links.length).toBeGreaterThan(5);
    expect(resolveRepository(links, null).link?.url).toBe('https://github.com/aio-libs/aiohttp');
  });

  it('luigi: the page hint and PyPI JSON resolve to the same repository (so the early request is the one the report makes)', () => {
    const facts = normaliseReleaseFacts(z.parse(PypiJson, readRecorded('pypi.org/json/luigi.json')), null);
    const fromJson = resolveRepository(facts.projectLinks, facts.homePage).link;
    const fromPage = resolveRepository(readProjectLinks(page('reconstructed-project-luigi.html')), null).link;
    expect(fromPage?.url).toBe(fromJson?.url);
  });

  it('a page without a sidebar gives no links', () => {
    expect(readProjectLinks(new DOMParser().parseFromString('<html><body><h1>x</h1></body></html>', 'text/html'))).toEqual([]);
  });

  it('the message contract accepts the hint and bounds it', () => {
    const base = { type: 'getReport', name: 'luigi', pageHints: { verifiedUrls: [] } };
    const links = readProjectLinks(page('reconstructed-project-requests.html'));
    expect(z.safeParse(GetReport, { ...base, pageHints: { verifiedUrls: [], projectLinks: links } }).success).toBe(true);
    const tooMany = Array.from({ length: 51 }, (_, i) => ({ label: `l${i}`, url: 'https://example.org/' }));
    expect(z.safeParse(GetReport, { ...base, pageHints: { verifiedUrls: [], projectLinks: tooMany } }).success).toBe(false);
    expect(
      z.safeParse(GetReport, {
        ...base,
        pageHints: { verifiedUrls: [], projectLinks: [{ label: 'x'.repeat(201), url: 'https://e.org/' }] },
      }).success,
    ).toBe(false);
  });
});
