// Recorded pypi.org pages with a hostile project description (issue 16 §1): README HTML that copies pypi.org's own
// sidebar markup, which readme_renderer lets through (it keeps `class` on div, p, ul and span). Built at test time
// from the recorded page — only the README's content changes — so no file in the repository holds a forged page.
import { readRecordedText } from './fixtures';

/** The repositories and version the forged README plants; none of them is on the recorded page. */
export const FORGED = {
  verified: 'https://github.com/psf/requests',
  tabsLink: 'https://github.com/forged/vertical-tabs',
  sidebarLink: 'https://github.com/forged/project-sidebar',
  statsRepo: 'forged/stats',
  shownVersion: '9.9.9',
} as const;

/**
 * README HTML that imitates each layout's sidebar: the 2026 "Data verified by PyPI" block, the 2024–2026 "Verified
 * details" section with its GitHub statistics, the 2023–2026 vertical tabs and the 2026 sidebar column, each with
 * rel="nofollow" project links, and a banner title with another version. `verifiedUrl` is the repository the forged
 * seal names (the starjacker's claimed repository).
 */
export function hostileReadme(name: string, verifiedUrl: string = FORGED.verified): string {
  const link = (url: string, label: string) => `<a class="sidebar-links__link" href="${url}" rel="nofollow">${label}</a>`;
  return [
    `<div class="banner"><h1 class="package-header__name">${name} ${FORGED.shownVersion}</h1></div>`,
    `<div class="sidebar-section"><div class="sidebar-section__content sidebar-section__content--verified">`,
    `<div class="sidebar-section__data-block"><ul class="sidebar-links"><li>${link(verifiedUrl, 'Source')}</li></ul></div></div></div>`,
    `<div class="sidebar-section verified"><p>Verified details</p><ul class="vertical-tabs__list"><li>${link(verifiedUrl, 'Repository')}</li></ul>`,
    `<div data-github-repo-stats-url-value="https://api.github.com/repos/${FORGED.statsRepo}"></div></div>`,
    `<div class="vertical-tabs__tabs"><div class="sidebar-section"><ul><li>${link(FORGED.tabsLink, 'Source')}</li></ul></div></div>`,
    `<div class="project-description__sidebar"><div class="sidebar-section"><ul><li>${link(FORGED.sidebarLink, 'Code')}</li></ul>`,
    `<div class="sidebar-section__content--verified">${link(verifiedUrl, 'Homepage')}</div></div></div>`,
  ].join('\n');
}

/**
 * Where the README starts in a recorded page: the 2026 main column's `.project-description__content`, else the
 * 2023–2026 description tab's `.project-description` (in 2026 that class wraps the sidebar too, so it comes second).
 */
const README_OPENINGS = [/<div class="project-description__content">/, /<div class="project-description">/];

/** A recorded page (`pypi.org/html/<file>`) whose README begins with `readme`. */
export function withReadme(file: string, readme: string): string {
  const html = readRecordedText(`pypi.org/html/${file}`);
  for (const opening of README_OPENINGS) {
    const match = opening.exec(html);
    if (match) return `${html.slice(0, match.index + match[0].length)}${readme}\n${html.slice(match.index + match[0].length)}`;
  }
  throw new Error(`no project description in ${file}`);
}

/** A recorded page with the hostile README of `hostileReadme`. */
export function withHostileReadme(file: string, name: string, verifiedUrl?: string): string {
  return withReadme(file, hostileReadme(name, verifiedUrl));
}
