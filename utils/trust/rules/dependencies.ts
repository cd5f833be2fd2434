import { COMPROMISED_REMEDY } from '../malware-scope';
import { finding, okData } from '../helpers';
import type { Rule } from '../types';
import { type DependencyNode, type Evidence, YOUNG_DEPENDENCY_DAYS } from '../../contract/report';
import { plural } from '../../lib/words';

const ID = 'dependencies';
/** Packages linked as evidence per finding; the Dependencies section lists them all. */
const MAX_EVIDENCE = 4;
/** Packages named in a finding's detail. */
const MAX_NAMED = 5;

const label = (n: DependencyNode) => `${n.name} ${n.version}`;
const evidenceOf = (nodes: DependencyNode[], what: (n: DependencyNode) => Evidence) => nodes.slice(0, MAX_EVIDENCE).map(what);
function names(nodes: DependencyNode[], describe: (n: DependencyNode) => string): string {
  const shown = nodes.slice(0, MAX_NAMED).map(describe);
  return nodes.length > MAX_NAMED ? `${shown.join(', ')} and ${nodes.length - MAX_NAMED} more` : shown.join(', ');
}

/** `pip install` runs what the graph brings: a malicious dependency is as bad as a malicious package. */
export const dependencies: Rule = {
  id: ID,
  title: 'Dependencies',
  rationale:
    'Installing a package installs its whole resolved dependency graph: malicious code in any of those versions runs with your rights (danger). An advisory in a dependency is a caution at most, naming it: the package may not use the affected code, and you can often upgrade the dependency alone. So is a dependency project first published only weeks ago: it has no track record, and a new dependency slipped into an established package is how several attacks arrived.',
  thresholds: [
    {
      name: 'YOUNG_DEPENDENCY_DAYS',
      value: YOUNG_DEPENDENCY_DAYS,
      unit: 'days since the project was first published',
      reason: 'About a quarter: long enough for most malicious uploads to be reported and removed, short enough to name only new projects.',
    },
  ],
  evaluate(input) {
    const facts = okData(input.dependencies);
    if (!facts || facts.graph.state !== 'ok') return [];
    const { nodes, url } = facts.graph;
    const graphPage: Evidence = { label: 'Dependency graph on deps.dev', url };
    const findings = [];
    const malicious = nodes.filter((n) => n.malware !== 'none');
    if (malicious.length > 0) {
      const compromised = malicious.every((n) => n.malware === 'compromised-release');
      const how = (n: DependencyNode) =>
        `${label(n)} (${n.malware === 'compromised-release' ? 'a compromised release' : 'a malicious package'}: ${n.advisories
          .filter((a) => a.malicious)
          .map((a) => a.id)
          .join(', ')})`;
      findings.push(
        finding(
          input,
          ID,
          'danger',
          `A dependency ${compromised ? 'release was compromised' : 'is malicious'}: ${names(malicious, label)}`,
          `Installing ${input.package.name} ${facts.version} pulls in ${names(malicious, how)}. Do not install it until the dependency is pinned to a safe release; where it was installed, ${COMPROMISED_REMEDY}.`,
          [
            ...evidenceOf(malicious, (n) => ({ label: `${label(n)} on PyPI`, url: n.url })),
            ...malicious.flatMap((n) =>
              n.advisories
                .filter((a) => a.malicious)
                .slice(0, 1)
                .map((a) => ({ label: a.id, url: a.url })),
            ),
            graphPage,
          ],
        ),
      );
    }
    const vulnerable = nodes.filter((n) => n.advisories.some((a) => !a.malicious));
    if (vulnerable.length > 0) {
      const count = (n: DependencyNode) =>
        `${label(n)} (${plural(n.advisories.filter((a) => !a.malicious).length, 'advisory', 'advisories')})`;
      findings.push(
        finding(
          input,
          ID,
          'caution',
          `${plural(vulnerable.length, 'dependency', 'dependencies')} with advisories: ${names(vulnerable, label)}`,
          `deps.dev resolves ${names(vulnerable, count)} for ${input.package.name} ${facts.version}. Check whether they affect how you use it, and pin a fixed release of each dependency.`,
          [...evidenceOf(vulnerable, (n) => ({ label: `${label(n)} on PyPI`, url: n.url })), graphPage],
        ),
      );
    }
    const young = nodes.filter((n) => n.age?.young);
    if (young.length > 0) {
      const age = (n: DependencyNode) =>
        `${label(n)} (first published ${plural(n.age!.days, 'day')} ago, ${n.age!.firstPublishedAt.slice(0, 10)})`;
      // Youth alone is a note (real projects add new dependencies); a young project whose name resembles a
      // popular one is the shape of a dependency-confusion or typosquat plant: a caution.
      const planted = young.some((n) => n.lookAlike);
      findings.push(
        finding(
          input,
          ID,
          planted ? 'caution' : 'info',
          `${plural(young.length, 'dependency', 'dependencies')} first published under ${YOUNG_DEPENDENCY_DAYS} days ago: ${names(young, label)}`,
          `deps.dev resolves ${names(young, age)} for ${input.package.name} ${facts.version}. A project this new has no track record${planted ? ', and its name resembles a popular one' : ''}: check who publishes it and why ${input.package.name} needs it before you install, or pin a release of ${input.package.name} from before it was added.`,
          [...evidenceOf(young, (n) => ({ label: `${label(n)} on PyPI`, url: n.url })), graphPage],
        ),
      );
    }
    return findings;
  },
};
