// Every pypi.org selector and URL rule, in one place (design §8). Anchors are the ones stable across
// the 2023 page, the 2024–2026 layout and the August 2026 redesign (fixtures/SOURCES.md table).
import { isPlausibleVersion, isValidPackageName, normalizePackageName } from '../lib/package-name';
import { safeHttpsUrl, upgradeToHttps } from '../lib/safe-url';

export const PYPI_ORIGIN = 'https://pypi.org';

export const SELECTORS = {
  /** Project title: `.banner h1` exists in every layout; the class names differ between them. */
  title: '.banner h1, h1.package-header__name, h1.project-header__name',
  /** The sidebar column: 2026 redesign, then the 2023–2026 vertical tabs. */
  sidebar: '.project-description__sidebar, .vertical-tabs__tabs',
  sidebarSection: '.sidebar-section',
  /**
   * Where the project's README is rendered: the author's own HTML, and readme_renderer keeps `class` on div, p, ul
   * and span, so it can copy any selector here. 2026: the main column beside the sidebar (its `.project-description`
   * holds the sidebar too); 2023–2026: the description tab's `.project-description`.
   */
  description: '.project-description__main, .project-description__content, .vertical-tabs__content .project-description',
  /** Links pypi.org itself marks as verified (inside the sidebar): 2026 "Data verified by PyPI", 2024–2026 "Verified details". */
  verifiedLinks: '.sidebar-section__content--verified a[href], .sidebar-section.verified a[href]',
  /** The GitHub statistics block carries the API URL of the repository it describes. */
  verifiedGithubStats:
    '.sidebar-section__content--verified [data-github-repo-stats-url-value], .sidebar-section.verified [data-github-repo-stats-url-value]',
  /** The 404 page ("Page Not Found (404) · PyPI"): its "Error code 404" text and its sections. */
  notFoundText: '.viewport-section__text',
  notFoundSection: '.viewport-section',
  /** Project links (inside the sidebar): rel="nofollow" anchors, in every layout. */
  projectLinks: 'a[href][rel~="nofollow"]',
  searchResult: 'a.package-snippet',
  /** The list of results (2019 and 2026 templates): once the parser is past it, every result is in. */
  searchResults: 'ul[aria-label="Search results"]',
  searchResultName: '.package-snippet__name',
  /** The version a result shows (2019–2024 templates; the 2026 redesign shows none). */
  searchResultVersion: '.package-snippet__version',
  searchResultTitle: '.package-snippet__title, h3',
  /**
   * One file's "File details" panel (Warehouse `includes/file-details.html`, 2024–2026 and 2026 layouts; the 2023
   * page has none): its name in `p > code`, "Uploaded using Trusted Publishing? Yes/No" in its metadata list and, for a
   * file with attestations, a "Provenance" heading.
   */
  fileDetails: '[role="tabpanel"][aria-labelledby~="file-tab"]',
  /** The "Download files" tab; in the 2026 layout it and the file panels follow the sidebar directly. */
  fileList: '#files',
  /** The 2026 layout's sidebar, after which the file list comes (in the older layouts it comes last, after the history). */
  sidebar2026: '.project-description__sidebar',
} as const;

export type ProjectPageRef = { name: string; normalizedName: string; version?: string };

/** `/project/<name>/` and `/project/<name>/<version>/` on pypi.org; anything else → null. */
export function parseProjectUrl(href: string): ProjectPageRef | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.origin !== PYPI_ORIGIN) return null;
  const match = /^\/project\/([^/]+)(?:\/([^/]+))?\/?$/.exec(url.pathname);
  if (!match?.[1]) return null;
  const name = safeDecode(match[1]);
  if (name === null || !isValidPackageName(name)) return null;
  const ref: ProjectPageRef = { name, normalizedName: normalizePackageName(name) };
  if (match[2] !== undefined) {
    const version = safeDecode(match[2]);
    if (version === null || !isPlausibleVersion(version)) return null;
    ref.version = version;
  }
  return ref;
}

/** `/search/?q=…` on pypi.org → the query, else null. */
export function parseSearchUrl(href: string): { query: string; page: number } | null {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return null;
  }
  if (url.origin !== PYPI_ORIGIN || !/^\/search\/?$/.test(url.pathname)) return null;
  const page = Number(url.searchParams.get('page') ?? '1');
  return { query: url.searchParams.get('q') ?? '', page: Number.isInteger(page) && page > 0 ? page : 1 };
}

/** The name a search result links to (`href="/project/<name>/"`), or its visible name. */
export function searchResultName(snippet: Element): string | null {
  const href = snippet.getAttribute('href');
  if (href) {
    const ref = parseProjectUrl(new URL(href, PYPI_ORIGIN).href);
    if (ref) return ref.name;
  }
  const text = snippet.querySelector(SELECTORS.searchResultName)?.textContent?.trim() ?? '';
  return isValidPackageName(text) ? text : null;
}

/** The version a search result shows beside its name, a hint that lets OSV be asked before PyPI answers. */
export function searchResultVersion(snippet: Element): string | null {
  const text = snippet.querySelector(SELECTORS.searchResultVersion)?.textContent?.trim() ?? '';
  return isPlausibleVersion(text) ? text : null;
}

/**
 * Search results the parser is done with (each one's name and version are in), while the page loads; and whether
 * the list is complete (the parser is past it, or the document is parsed). Read at document_start, as the HTML arrives.
 */
export function parsedSearchResults(doc: Document, loaded = doc.readyState !== 'loading'): { snippets: Element[]; complete: boolean } {
  const snippets = [...doc.querySelectorAll(SELECTORS.searchResult)].filter((s) => loaded || isParsedPast(s));
  const list = doc.querySelector(SELECTORS.searchResults);
  return { snippets, complete: loaded || (list !== null && isParsedPast(list)) };
}

/** The version the page shows in its title ("luigi 3.6.0"), a hint that lets the background start early. */
export function readShownVersion(doc: Document, name: string): string | null {
  const text = pageOwn(doc, SELECTORS.title)[0]?.textContent?.trim().replace(/\s+/g, ' ') ?? '';
  const parts = text.split(' ');
  if (parts.length !== 2 || normalizePackageName(parts[0] ?? '') !== normalizePackageName(name)) return null;
  const version = parts[1] ?? '';
  return isPlausibleVersion(version) ? version : null;
}

export type PageAnchors = { title: Element; sidebar: Element; insertBefore: Element | null };

/**
 * Where the badge and panel go. The panel sits near the top of the sidebar (visible without
 * scrolling): after the first section when it is the old "Navigation" tab list, else first.
 * Returns null when the page lacks the anchors (layout changed): inject nothing.
 */
export function findAnchors(doc: Document): PageAnchors | null {
  const title = pageOwn(doc, SELECTORS.title)[0];
  const sidebar = pageOwn(doc, SELECTORS.sidebar)[0];
  if (!title || !sidebar) return null;
  const sections = [...sidebar.querySelectorAll(`:scope > ${SELECTORS.sidebarSection}`)];
  const first = sections[0] ?? null;
  const firstIsNavigation = /navigation/i.test(first?.querySelector('.sidebar-section__title')?.textContent ?? '');
  const insertBefore = firstIsNavigation ? (sections[1] ?? null) : first;
  return { title, sidebar, insertBefore };
}

/**
 * Whether the HTML parser is done with `el` (while the page is still loading): it, or an ancestor below
 * <body>, already has a following element, which the parser creates only after closing what precedes it.
 * The sidebar (project links, verified details) comes before the long description, so its hints can be
 * read well before DOMContentLoaded.
 */
export function isParsedPast(el: Element): boolean {
  for (let node: Element | null = el; node && node !== node.ownerDocument.body; node = node.parentElement) {
    if (node.nextElementSibling) return true;
  }
  return false;
}

/**
 * The project links the sidebar lists ("Project links", or the 2024 layout's verified / unverified
 * details): PyPI renders them from the same project_urls as its JSON, with rel="nofollow". Look-alikes in the
 * README are not read (see `SELECTORS.description`). A hint that
 * lets the background ask GitHub before PyPI JSON answers; PyPI's own pages (malware report) are left out.
 */
export function readProjectLinks(doc: Document): { label: string; url: string }[] {
  const links = new Map<string, { label: string; url: string }>();
  for (const link of inSidebars(doc, SELECTORS.projectLinks)) {
    // As PyPI JSON's links are read (utils/sources/pypi-json.ts): http:// upgraded, anything else dropped.
    const url = upgradeToHttps(link.getAttribute('href'));
    const label = (link.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 200);
    if (!url || !label || /^https:\/\/([a-z]+\.)?pypi\.org\//.test(url)) continue;
    links.set(`${label}\n${url}`, { label, url });
  }
  return [...links.values()].slice(0, 50);
}

/**
 * URLs pypi.org's sidebar lists as verified: a hint that starts the checks early, never evidence (the background
 * verifies the link from attestations and deps.dev; utils/analysis/repository.ts).
 */
export function readVerifiedUrls(doc: Document): string[] {
  const urls = new Set<string>();
  for (const link of inSidebars(doc, SELECTORS.verifiedLinks)) {
    const url = safeHttpsUrl(link.getAttribute('href'));
    // The section's own "verified by PyPI" explanation links to PyPI's docs, not to the project.
    if (url && !/^https:\/\/([a-z]+\.)?pypi\.org\//.test(url)) urls.add(url);
  }
  for (const block of inSidebars(doc, SELECTORS.verifiedGithubStats)) {
    // https://api.github.com/repos/<owner>/<repo> → https://github.com/<owner>/<repo>
    const api = safeHttpsUrl(block.getAttribute('data-github-repo-stats-url-value'));
    const match = api ? /^https:\/\/api\.github\.com\/repos\/([^/]+)\/([^/?#]+)/.exec(api) : null;
    if (match) urls.add(`https://github.com/${match[1]}/${match[2]}`);
  }
  return [...urls].slice(0, 50);
}

/**
 * Whether the page's file panels are parsed where they come right after the sidebar (the 2026 layout), so that
 * their hints leave with the sidebar's. In the older layouts the files come last: they are not waited for (the
 * hints leave with the sidebar, and attested files are found by the Simple index alone).
 */
export function fileListParsed(doc: Document, sidebar: Element): boolean {
  if (doc.readyState !== 'loading' || !sidebar.matches(SELECTORS.sidebar2026)) return true;
  const files = pageOwn(doc, SELECTORS.fileList)[0];
  if (!files) return false;
  const last = pageOwn(doc, SELECTORS.fileDetails).at(-1) ?? files;
  return isParsedPast(last);
}

/** A distribution's file name as PyPI accepts it (sdist or wheel): anything else is not asked about. */
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,200}\.(?:tar\.gz|zip|whl)$/;
/** The most file names a page's hint carries (the Integrity requests they start are capped lower, by the background). */
export const MAX_ATTESTED_FILES = 60;

/**
 * The files the page says were uploaded with Trusted Publishing, or shows a Provenance block for: a hint that
 * starts their Integrity requests with the first requests, never evidence (the Simple index says which files carry
 * provenance, and the verifier checks each one). Read from pypi.org's own file panels, never from the README.
 */
export function readAttestedFiles(doc: Document): string[] {
  const files = new Set<string>();
  for (const panel of pageOwn(doc, SELECTORS.fileDetails)) {
    const name = panel.querySelector('p > code')?.textContent?.trim() ?? '';
    if (!FILE_NAME.test(name)) continue;
    const trusted = [...panel.querySelectorAll('li')].some((li) =>
      /^Uploaded using Trusted Publishing\?\s*Yes$/i.test((li.textContent ?? '').trim().replace(/\s+/g, ' ')),
    );
    const provenance = [...panel.querySelectorAll('h3')].some((h) => /^Provenance$/i.test((h.textContent ?? '').trim()));
    if (trusted || provenance) files.add(name);
  }
  return [...files].slice(0, MAX_ATTESTED_FILES);
}

/** Elements matching `selector` that pypi.org rendered itself: none inside the project's README. */
function pageOwn(root: ParentNode, selector: string): Element[] {
  return [...root.querySelectorAll(selector)].filter((el) => el.closest(SELECTORS.description) === null);
}

/** Elements matching `selector` inside pypi.org's own sidebar(s), never a look-alike sidebar in the README. */
function inSidebars(doc: Document, selector: string): Element[] {
  return pageOwn(doc, SELECTORS.sidebar).flatMap((sidebar) => pageOwn(sidebar, selector));
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * pypi.org's 404 page, which it also serves for a removed project: the title "Page Not Found (404)"
 * (2021 recording), or the "Error code 404" text should the title change.
 */
export function isNotFoundPage(doc: Document): boolean {
  if (/^\s*Page Not Found \(404\)/i.test(doc.title)) return true;
  return /\bError code 404\b/i.test(doc.querySelector(SELECTORS.notFoundText)?.textContent ?? '');
}

/** Where a banner goes on the 404 page: above its first section, else at the top of main or body. */
export function findNotFoundAnchor(doc: Document): { anchor: Element; append: 'before' | 'first' } | null {
  const section = doc.querySelector(SELECTORS.notFoundSection);
  if (section) return { anchor: section, append: 'before' };
  const main = doc.querySelector('main#content, main');
  if (main) return { anchor: main, append: 'first' };
  return doc.body ? { anchor: doc.body, append: 'first' } : null;
}
