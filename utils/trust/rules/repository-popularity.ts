import type { Evidence, RepositoryFacts } from '../../contract/report';
import { finding, okData } from '../helpers';
import { plural } from '../../lib/words';
import type { Rule } from '../types';

const ID = 'repository-popularity';
const POPULAR_STARS = 500;

/** Many eyes catch problems sooner; but stars are cheap, so popularity is never alone a reason to worry. */
export const repositoryPopularity: Rule = {
  id: ID,
  title: 'Repository popularity',
  rationale: 'A widely watched repository gets problems noticed sooner; stars can be bought or borrowed, so this is only a signal.',
  thresholds: [
    {
      name: 'POPULAR_STARS',
      value: POPULAR_STARS,
      unit: 'GitHub stars',
      reason: 'enough watchers that a hijacked or fake release is likely to be noticed quickly',
    },
  ],
  evaluate(input) {
    const facts = okData(input.repository);
    if (!facts?.link) return [];
    const stats = githubStats(facts) ?? depsDevStats(facts);
    if (!stats) return [];
    const counts = `${plural(stats.stars, 'star')}${stats.forks === null ? '' : ` and ${plural(stats.forks, 'fork')}`}`;
    const popular = stats.stars >= POPULAR_STARS;
    const verified = facts.verification.status === 'verified';
    if (popular && verified) {
      return [
        finding(input, ID, 'good', `Widely watched repository (${counts})`, `${stats.name} has ${counts} (${stats.source}).`, [
          stats.evidence,
        ]),
      ];
    }
    const detail = popular
      ? `${stats.name} has ${counts} (${stats.source}), but the link is not verified: anyone can link a popular repository to their package ("starjacking"), so the stars may belong to someone else's project.`
      : `${stats.name} has ${counts} (${stats.source}). Few people watch it, so a problem may go unnoticed for longer; that alone is no reason for concern.`;
    return [finding(input, ID, 'info', `Repository has ${counts}`, detail, [stats.evidence])];
  },
};

type Stats = { name: string; stars: number; forks: number | null; source: string; evidence: Evidence };

function githubStats(facts: RepositoryFacts): Stats | null {
  const repo = okData(facts.github);
  if (!repo) return null;
  return {
    name: repo.fullName,
    stars: repo.stars,
    forks: repo.forks,
    source: 'GitHub',
    evidence: { label: `${repo.fullName} on GitHub`, url: repo.htmlUrl },
  };
}

/** deps.dev keeps star counts too: the fallback when GitHub is rate-limited or the token is missing. */
function depsDevStats(facts: RepositoryFacts): Stats | null {
  const project = okData(facts.depsDevProject);
  if (!project || project.stars === null) return null;
  return {
    name: project.projectKey,
    stars: project.stars,
    forks: project.forks,
    source: 'deps.dev',
    evidence: { label: `${project.projectKey} on deps.dev`, url: project.url },
  };
}
