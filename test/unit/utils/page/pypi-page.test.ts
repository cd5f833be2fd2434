// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"handleDisabledFileLoadingAsSuccess":true,"disableIframePageLoading":true,"disableCSSFileLoading":true,"disableJavaScriptFileLoading":true,"disableJavaScriptEvaluation":true}}
import { describe, expect, it } from 'vitest';
import {
  fileListParsed,
  findAnchors,
  isParsedPast,
  parseProjectUrl,
  parsedSearchResults,
  parseSearchUrl,
  readAttestedFiles,
  readProjectLinks,
  readShownVersion,
  readVerifiedUrls,
  searchResultName,
  searchResultVersion,
  SELECTORS,
} from '../../../../utils/page/pypi-page';
import { Message } from '../../../../utils/contract/messages';
import { readRecordedText } from '../../../support/fixtures';
import { FORGED, withHostileReadme, withReadme } from '../../../support/hostile-readme';

const page = (file: string) => new DOMParser().parseFromString(readRecordedText(`pypi.org/html/${file}`), 'text/html');

describe('parseProjectUrl', () => {
  it.each([
    ['https://pypi.org/project/requests/', { name: 'requests', normalizedName: 'requests' }],
    ['https://pypi.org/project/requests', { name: 'requests', normalizedName: 'requests' }],
    [
      'https://pypi.org/project/Flask_SQLAlchemy/3.1.1/',
      { name: 'Flask_SQLAlchemy', normalizedName: 'flask-sqlalchemy', version: '3.1.1' },
    ],
    ['https://pypi.org/project/black/21.11b0/#files', { name: 'black', normalizedName: 'black', version: '21.11b0' }],
    ['https://pypi.org/project/tennis/0.1.2/#2-tiebreaker', { name: 'tennis', normalizedName: 'tennis', version: '0.1.2' }],
  ])('%s', (url, expected) => {
    expect(parseProjectUrl(url)).toEqual(expected);
  });

  it.each([
    'https://pypi.org/search/?q=flask',
    'https://pypi.org/project/',
    'https://pypi.org/project/a/b/c/',
    'https://evil.example/project/requests/',
    'http://pypi.org/project/requests/',
    'https://pypi.org/project/%3Cscript%3E/',
    'https://pypi.org/project/%E0%A4%A/',
    // Versions "." and ".." (issue 16 §4): as a version they would make the JSON URL another path.
    'https://pypi.org/project/requests/%2E%2E/',
    'https://pypi.org/project/requests/%252e%252e/',
    'https://pypi.org/project/requests/.../',
    'not a url',
  ])('rejects %s', (url) => {
    expect(parseProjectUrl(url)).toBeNull();
  });
});

describe('parseProjectUrl and dot segments (issue 16 §4)', () => {
  it('"%2e" is resolved by the URL parser as "." is, to the project page: no version "." is ever read', () => {
    expect(parseProjectUrl('https://pypi.org/project/requests/%2e/')).toEqual({ name: 'requests', normalizedName: 'requests' });
    expect(parseProjectUrl('https://pypi.org/project/requests/2.32.4/%2e/')).toEqual({
      name: 'requests',
      normalizedName: 'requests',
      version: '2.32.4',
    });
  });
});

describe('parseSearchUrl', () => {
  it('reads the query and page', () => {
    expect(parseSearchUrl('https://pypi.org/search/?q=flask&page=2')).toEqual({ query: 'flask', page: 2 });
    expect(parseSearchUrl('https://pypi.org/search/?q=flask')).toEqual({ query: 'flask', page: 1 });
    expect(parseSearchUrl('https://pypi.org/project/flask/')).toBeNull();
  });
});

describe('anchors on recorded pages', () => {
  it.each([
    ['reconstructed-project-luigi.html', 'Project links'],
    ['reconstructed-project-requests.html', 'Project links'],
    ['reconstructed-project-version-aiohttp-3.12.15.html', 'Project links'],
    ['reconstructed-project-version-black-21.11b0-yanked.html', 'Project links'],
    ['reconstructed-project-luigi.2024-layout.html', 'Verified details'],
    ['project-tennis-0.1.2.2023-saved.html', 'Project links'],
  ])('%s: title and sidebar found, panel goes before “%s”', (file, nextTitle) => {
    const anchors = findAnchors(page(file));
    expect(anchors).not.toBeNull();
    expect(anchors!.title.tagName).toBe('H1');
    expect(anchors!.insertBefore?.querySelector('.sidebar-section__title')?.textContent?.trim()).toBe(nextTitle);
  });

  it('a page without the anchors (the 404 page) gets nothing', () => {
    expect(findAnchors(page('404-page-not-found.2021.html'))).toBeNull();
  });

  it.each([
    ['reconstructed-project-luigi.html', 'luigi', '3.6.0'],
    ['reconstructed-project-luigi.2024-layout.html', 'luigi', '3.6.0'],
    ['reconstructed-project-version-aiohttp-3.12.15.html', 'aiohttp', '3.12.15'],
    ['project-tennis-0.1.2.2023-saved.html', 'tennis', '0.1.2'],
  ])('%s shows version %s %s in its title', (file, name, version) => {
    expect(readShownVersion(page(file), name)).toBe(version);
  });

  it('the 2023 GitHub statistics block is not taken as verification (not in a verified section)', () => {
    const doc = page('project-tennis-0.1.2.2023-saved.html');
    expect(doc.querySelector('[data-github-repo-stats-url-value]')).not.toBeNull();
    expect(readVerifiedUrls(doc)).toEqual([]);
  });

  it('reconstructed pages list no verified URLs (verification was not recorded)', () => {
    expect(readVerifiedUrls(page('reconstructed-project-luigi.2024-layout.html'))).toEqual([]);
    expect(readVerifiedUrls(page('reconstructed-project-luigi.html'))).toEqual([]);
  });

  it('reads verified URLs and the GitHub stats block inside a verified section', () => {
    // synthetic: the recorded 2024 layout's own verified section, given the links pypi.org renders for a verified repo
    // (only the sidebar's own sections count: the same links anywhere else on the page are not read).
    const doc = page('reconstructed-project-luigi.2024-layout.html');
    doc.querySelector('.vertical-tabs__tabs .sidebar-section.verified')!.insertAdjacentHTML(
      'beforeend',
      `<a href="https://docs.pypi.org/project_metadata/">verified by PyPI</a>
       <a href="https://github.com/spotify/luigi">Source</a>
       <a href="javascript:alert(1)">x</a>
       <div data-github-repo-stats-url-value="https://api.github.com/repos/psf/requests"></div>`,
    );
    expect(readVerifiedUrls(doc)).toEqual(['https://github.com/spotify/luigi', 'https://github.com/psf/requests']);
  });
});

describe('hints read as soon as the parser is past the sidebar (before DOMContentLoaded)', () => {
  // A prefix of the HTML parses like the page at that moment of loading, except that the parser closes what
  // is still open: an element with nothing after it. isParsedPast(sidebar) is therefore false until the
  // document really continues after the sidebar; from there on the hints must be those of the whole page.
  const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
  const pastSidebar = (html: string) => {
    const anchors = findAnchors(parse(html));
    return anchors !== null && isParsedPast(anchors.sidebar);
  };
  const hints = (doc: Document, name: string) => ({
    links: readProjectLinks(doc),
    verified: readVerifiedUrls(doc),
    version: readShownVersion(doc, name),
    anchors: Boolean(findAnchors(doc)?.insertBefore ?? findAnchors(doc)?.sidebar),
  });

  it.each([
    ['reconstructed-project-luigi.html', 'luigi'],
    ['reconstructed-project-luigi.2024-layout.html', 'luigi'],
    ['project-tennis-0.1.2.2023-saved.html', 'tennis'],
    ['reconstructed-project-requests.html', 'requests'],
    ['reconstructed-project-version-aiohttp-3.12.15.html', 'aiohttp'],
    ['reconstructed-project-version-black-21.11b0-yanked.html', 'black'],
  ])('%s: the first moment past the sidebar already has every hint, well before the end', (file, name) => {
    const html = readRecordedText(`pypi.org/html/${file}`);
    expect(pastSidebar(html)).toBe(true);
    // The shortest prefix past the sidebar (binary search: once past, always past).
    let lo = 0;
    let hi = html.length;
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (pastSidebar(html.slice(0, mid))) hi = mid;
      else lo = mid + 1;
    }
    const early = parse(html.slice(0, lo));
    expect(hints(early, name)).toEqual(hints(parse(html), name));
    expect(readProjectLinks(early).length + readVerifiedUrls(early).length).toBeGreaterThan(0);
    // Well before the end: the description (most of the page) is still to come.
    expect(lo / html.length).toBeLessThan(0.9);
  });
});

describe('a hostile README cannot plant hints (issue 16 §1)', () => {
  // Each recorded page with README HTML copying pypi.org's sidebar markup (test/support/hostile-readme.ts).
  const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
  const hostile = (file: string, name: string) => parse(withHostileReadme(file, name, 'https://github.com/psf/requests'));
  const forged = [FORGED.verified, FORGED.tabsLink, FORGED.sidebarLink, `https://github.com/${FORGED.statsRepo}`];

  /**
   * What pypi.org renders for a verified repository, made from the recorded sidebar: 2026 wraps the project links'
   * data block in `.sidebar-section__content--verified` (warehouse templates/includes/packaging/metadata/project-links.html);
   * the 2024 layout lists them in its "Verified details" section.
   */
  function markSidebarLinksVerified(doc: Document): void {
    const links2026 = doc.querySelector('.project-description__sidebar .sidebar-section .sidebar-section__data-block');
    const verified2024 = doc.querySelector('.vertical-tabs__tabs .sidebar-section.verified');
    if (verified2024) {
      verified2024.append(
        ...doc.querySelectorAll(
          '.vertical-tabs__tabs .sidebar-section.unverified > h6, .vertical-tabs__tabs .sidebar-section.unverified > ul',
        ),
      );
    } else if (links2026) {
      const block = doc.createElement('div');
      block.className = 'sidebar-section__content sidebar-section__content--verified';
      links2026.replaceWith(block);
      block.append(links2026);
    } else throw new Error('no sidebar links to mark verified');
  }

  it.each([
    ['reconstructed-project-luigi.html', 'luigi'],
    ['reconstructed-project-requests.html', 'requests'],
    ['reconstructed-project-luigi.2024-layout.html', 'luigi'],
    ['project-tennis-0.1.2.2023-saved.html', 'tennis'],
  ])('%s: the planted links, seal, title and sidebar are ignored; the real ones are read', (file, name) => {
    const doc = hostile(file, name);
    const recorded = page(file);
    // The README really is on the page, inside the description, with every planted element.
    expect(doc.querySelectorAll('.sidebar-section__content--verified a[href="https://github.com/psf/requests"]').length).toBe(2);
    expect(doc.querySelector('.vertical-tabs__tabs a[href*="forged"]')).not.toBeNull();
    const links = readProjectLinks(doc);
    expect(links).toEqual(readProjectLinks(recorded));
    expect(links.length).toBeGreaterThan(0);
    expect(links.map((l) => l.url)).not.toEqual(expect.arrayContaining([expect.stringMatching(/forged/)]));
    expect(readVerifiedUrls(doc)).toEqual([]);
    expect(readShownVersion(doc, name)).toBe(readShownVersion(recorded, name));
    const anchors = findAnchors(doc)!;
    expect(anchors.sidebar.outerHTML).toBe(findAnchors(recorded)!.sidebar.outerHTML);
    expect(anchors.title.textContent).not.toContain(FORGED.shownVersion);
  });

  it.each([
    ['reconstructed-project-luigi.html', 'luigi'],
    ['reconstructed-project-luigi.2024-layout.html', 'luigi'],
  ])('%s: with the sidebar’s own links verified, only those are read as verified', (file, name) => {
    const doc = hostile(file, name);
    markSidebarLinksVerified(doc);
    expect(readVerifiedUrls(doc)).toEqual(['https://github.com/spotify/luigi']);
    for (const url of forged) expect(readVerifiedUrls(doc)).not.toContain(url);
    expect(readProjectLinks(doc)).toEqual([{ label: 'Homepage', url: 'https://github.com/spotify/luigi' }]);
  });

  it.each([
    ['reconstructed-project-luigi.html', 'luigi'],
    ['reconstructed-project-luigi.2024-layout.html', 'luigi'],
  ])('%s: while loading, a README sidebar is not taken for the real one (hints wait for it)', (file, name) => {
    const html = withHostileReadme(file, name);
    // Cut inside the README, right after its forged sidebar: the page's own sidebar is not parsed yet.
    const cut = html.indexOf(FORGED.sidebarLink) + FORGED.sidebarLink.length;
    const early = parse(html.slice(0, cut));
    const anchors = findAnchors(early);
    if (anchors) expect(anchors.sidebar.closest(SELECTORS.description)).toBeNull();
    expect(readProjectLinks(early).map((l) => l.url)).not.toContain(FORGED.sidebarLink);
    expect(readVerifiedUrls(early)).toEqual([]);
  });
});

describe('readAttestedFiles (issue 20 §2)', () => {
  const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');

  it('requests 2.34.2 (2026 layout): both files say "Uploaded using Trusted Publishing? Yes"', () => {
    expect(readAttestedFiles(page('reconstructed-project-requests.html'))).toEqual([
      'requests-2.34.2.tar.gz',
      'requests-2.34.2-py3-none-any.whl',
    ]);
  });

  it.each([
    // "No" on both files.
    'reconstructed-project-version-aiohttp-3.12.15.html',
    // Trusted Publishing was not recorded: the line is there, its value empty.
    'reconstructed-project-luigi.html',
    'reconstructed-project-luigi.2024-layout.html',
    // 2023: no file panels with the line.
    'project-tennis-0.1.2.2023-saved.html',
  ])('%s: no file is hinted', (file) => {
    expect(readAttestedFiles(page(file))).toEqual([]);
  });

  it('a file panel with a Provenance block is hinted (aiohttp 3.12.15 with the heading Warehouse adds for attested files)', () => {
    const doc = page('reconstructed-project-version-aiohttp-3.12.15.html');
    const panel = doc.querySelector(`${SELECTORS.fileDetails}`)!;
    const name = panel.querySelector('p > code')!.textContent!.trim();
    expect(readAttestedFiles(doc)).toEqual([]);
    // Made at test time from the recorded panel: file-details.html puts "Provenance" after the hashes.
    const heading = doc.createElement('h3');
    heading.textContent = 'Provenance';
    panel.append(heading);
    expect(readAttestedFiles(doc)).toEqual([name]);
  });

  it('a README copying a file panel plants nothing', () => {
    const forged = [
      '<div role="tabpanel" aria-labelledby="file-tab mobile-file-tab"><p>Details for the file <code>evil-1.0.tar.gz</code>.</p>',
      '<ul><li>Uploaded using Trusted Publishing? Yes</li></ul><h3>Provenance</h3></div>',
    ].join('');
    for (const file of ['reconstructed-project-luigi.html', 'reconstructed-project-luigi.2024-layout.html']) {
      const doc = parse(withReadme(file, forged));
      expect(doc.querySelectorAll(SELECTORS.fileDetails).length).toBeGreaterThan(1);
      expect(readAttestedFiles(doc)).toEqual([]);
    }
  });

  it('while loading (2026 layout): the file list counts as parsed only once the parser is past its last file panel', () => {
    const html = readRecordedText('pypi.org/html/reconstructed-project-requests.html');
    const loading = (at: number) => {
      const doc = parse(html.slice(0, at));
      Object.defineProperty(doc, 'readyState', { value: 'loading' });
      return doc;
    };
    const sidebarEnd = html.indexOf('<div id="files"');
    const lastPanel = html.lastIndexOf('aria-labelledby="file-tab mobile-file-tab"');
    const history = html.indexOf('id="history"');
    for (const at of [sidebarEnd + 10, lastPanel + 100]) {
      const doc = loading(at);
      expect(fileListParsed(doc, findAnchors(doc)!.sidebar)).toBe(false);
    }
    const past = loading(html.indexOf('>', history) + 1);
    expect(fileListParsed(past, findAnchors(past)!.sidebar)).toBe(true);
    expect(readAttestedFiles(past)).toEqual(readAttestedFiles(page('reconstructed-project-requests.html')));
    // The 2024 layout lists its files last: they are not waited for.
    const old = parse(readRecordedText('pypi.org/html/reconstructed-project-luigi.2024-layout.html').slice(0, 30_000));
    Object.defineProperty(old, 'readyState', { value: 'loading' });
    expect(fileListParsed(old, findAnchors(old)!.sidebar)).toBe(true);
  });

  it('the message contract accepts the hint and bounds it', () => {
    const base = { type: 'getReport', name: 'requests', pageHints: { verifiedUrls: [] } };
    const ok = Message.safeParse({ ...base, pageHints: { verifiedUrls: [], attestedFiles: ['requests-2.34.2.tar.gz'] } });
    expect(ok.success).toBe(true);
    const tooMany = Array.from({ length: 61 }, (_, i) => `requests-2.34.${i}.tar.gz`);
    expect(Message.safeParse({ ...base, pageHints: { verifiedUrls: [], attestedFiles: tooMany } }).success).toBe(false);
  });
});

describe('search results', () => {
  it.each([
    ['reconstructed-search-flask.html', 20, 'flask'],
    ['search-q-sqlalchemy.2019-browser-saved.html', 20, 'sqlalchemy'],
  ])('%s: %i results, first is %s', (file, count, first) => {
    const snippets = [...page(file).querySelectorAll(SELECTORS.searchResult)];
    expect(snippets).toHaveLength(count);
    expect(searchResultName(snippets[0]!)).toBe(first);
    expect(snippets.every((s) => searchResultName(s) !== null)).toBe(true);
  });
});

describe('search results read as the parser passes them (document_start)', () => {
  const parse = (html: string) => new DOMParser().parseFromString(html, 'text/html');
  const read = (doc: Document, loaded: boolean) => {
    const { snippets, complete } = parsedSearchResults(doc, loaded);
    return { results: snippets.map((s) => [searchResultName(s), searchResultVersion(s)]), complete };
  };

  it('reads the version each result shows (2019 layout); the 2026 redesign shows none', () => {
    const old = [...page('search-q-sqlalchemy.2019-browser-saved.html').querySelectorAll(SELECTORS.searchResult)];
    expect(old.map(searchResultVersion).slice(0, 2)).toEqual(['1.3.10', '1.3.1']);
    expect(old.every((s) => searchResultVersion(s) !== null)).toBe(true);
    const current = [...page('reconstructed-search-flask.html').querySelectorAll(SELECTORS.searchResult)];
    expect(current.map(searchResultVersion).every((v) => v === null)).toBe(true);
  });

  it.each(['reconstructed-search-flask.html', 'search-q-sqlalchemy.2019-browser-saved.html'])(
    '%s: a result is read only once it is whole; the list is complete at the first moment past it, before the end',
    (file) => {
      const html = readRecordedText(`pypi.org/html/${file}`);
      const whole = read(parse(html), true);
      expect(whole.results).toHaveLength(20);
      // Every prefix: the results read are the whole page's first ones, name and version (none half-parsed).
      const lastStart = html.lastIndexOf('class="package-snippet"');
      for (const at of [
        html.indexOf('class="package-snippet"') + 60,
        Math.floor((html.indexOf('class="package-snippet"') + lastStart) / 2),
        lastStart + 40,
      ]) {
        const partial = read(parse(html.slice(0, at)), false);
        expect(partial.complete).toBe(false);
        expect(partial.results).toEqual(whole.results.slice(0, partial.results.length));
        expect(partial.results.length).toBeLessThan(20);
      }
      // The shortest complete prefix (binary search from the last result: once complete, always complete).
      let lo = lastStart;
      let hi = html.length;
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (read(parse(html.slice(0, mid)), false).complete) hi = mid;
        else lo = mid + 1;
      }
      expect(read(parse(html.slice(0, lo)), false)).toEqual({ results: whole.results, complete: true });
      expect(lo).toBeLessThan(html.length);
    },
    30_000,
  );
});
