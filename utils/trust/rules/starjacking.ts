import type { RepositoryFacts, RepositoryLink } from '../../contract/report';
import { day, daysBetween, finding, okData, projectPage } from '../helpers';
import { plural } from '../../lib/words';
import type { Rule, TrustInput } from '../types';

const ID = 'starjacking';
const POPULAR_REPO_STARS = 1000;
const YOUNG_PACKAGE_DAYS = 365;
const FAR_OLDER_DAYS = 730;

/** A repository link is only a claim; if the repository builds another package, the stars are borrowed. */
export const starjacking: Rule = {
  id: ID,
  title: 'Repository builds another package',
  rationale:
    "Anyone can link a popular repository ('starjacking'); the repository's own pyproject.toml / setup.cfg / setup.py says which package it builds.",
  thresholds: [
    {
      name: 'POPULAR_REPO_STARS',
      value: POPULAR_REPO_STARS,
      unit: 'GitHub stars',
      reason:
        'stars worth borrowing: a small repository lends no credibility (also: a popular repository linked at a folder with no build file is a caution)',
    },
    {
      name: 'YOUNG_PACKAGE_DAYS',
      value: YOUNG_PACKAGE_DAYS,
      unit: 'days',
      reason: 'a package this new pointing at a well-known repository borrows its reputation',
    },
    {
      name: 'FAR_OLDER_DAYS',
      value: FAR_OLDER_DAYS,
      unit: 'days',
      reason: 'the package the repository really builds came two years earlier: this name is the newcomer',
    },
  ],
  evaluate(input, ctx) {
    const facts = okData(input.repository);
    const check = facts?.starjacking;
    if (!facts?.link || !check || facts.verification.status === 'verified') return [];
    if (check.state === 'unconfirmed' && check.unreadSubPath)
      return unreadSubFolder(input, facts, facts.link, check.unreadSubPath, check.reason);
    if (check.state !== 'mismatch') return [];
    const stars = starsOf(facts);
    const releases = okData(input.releases);
    const firstUpload = releases?.firstUploadAt ?? null;
    const age = firstUpload ? daysBetween(firstUpload, ctx.now) : null;
    const declaredFirst = check.declaredPackage?.firstUploadAt ?? null;
    const olderBy = firstUpload && declaredFirst ? daysBetween(declaredFirst, firstUpload) : null;
    const popular = stars !== null && stars >= POPULAR_REPO_STARS;
    const borrowed = popular && ((age !== null && age < YOUNG_PACKAGE_DAYS) || (olderBy !== null && olderBy >= FAR_OLDER_DAYS));
    const claimants = okData(facts.otherClaimants)?.packages ?? [];
    const repoName = facts.link.owner && facts.link.name ? `${facts.link.owner}/${facts.link.name}` : facts.link.url;
    const detail = [
      `${input.package.name} links ${repoName}${stars === null ? '' : ` (${plural(stars, 'star')})`}, but ${check.reason}.`,
      check.declaredPackage
        ? `${check.declaredPackage.name} is on PyPI${declaredFirst ? ` since ${day(declaredFirst)}` : ''}${firstUpload ? `; ${input.package.name} since ${day(firstUpload)}` : ''}.`
        : '',
      claimants.length > 0
        ? `deps.dev maps ${plural(claimants.length, 'other package')} to this repository: ${claimants
            .slice(0, 5)
            .map((c) => c.name)
            .join(', ')}.`
        : '',
      borrowed
        ? "A newer name borrowing a popular repository's reputation is the classic starjacking shape."
        : 'The link is not verified by provenance, so the repository may have nothing to do with this package.',
    ]
      .filter(Boolean)
      .join(' ');
    return [
      finding(
        input,
        ID,
        borrowed ? 'danger' : 'caution',
        `Linked repository builds ${check.declaredName}, not ${input.package.name}`,
        detail,
        [
          check.fileUrl ? { label: `${check.source} in ${repoName}`, url: check.fileUrl } : null,
          check.declaredPackage ? { label: `${check.declaredPackage.name} on PyPI`, url: check.declaredPackage.url } : null,
          claimants.length > 0 ? { label: 'Packages claiming this repository (deps.dev)', url: okData(facts.otherClaimants)!.url } : null,
          projectPage(input),
        ],
      ),
    ];
  },
};

/**
 * A link into a sub-folder that holds no build file, of a repository whose root does not say it builds this
 * package either: on a popular repository that is how a borrowed link would dodge this check.
 */
function unreadSubFolder(input: TrustInput, facts: RepositoryFacts, link: RepositoryLink, subPath: string, reason: string) {
  const stars = starsOf(facts);
  if (stars === null || stars < POPULAR_REPO_STARS) return [];
  const repoName = link.owner && link.name ? `${link.owner}/${link.name}` : link.url;
  const detail =
    `${input.package.name} links ${subPath}/ in ${repoName} (${plural(stars, 'star')}), but ${reason}, so nothing shows the ` +
    'repository builds this package. Check on GitHub that it does before trusting its stars.';
  return [
    finding(input, ID, 'caution', `Linked folder of ${repoName} has no build file to confirm this package`, detail, [
      { label: `${repoName} on GitHub`, url: link.url },
      projectPage(input),
    ]),
  ];
}

function starsOf(facts: RepositoryFacts): number | null {
  return okData(facts.github)?.stars ?? okData(facts.depsDevProject)?.stars ?? null;
}
