// Runs every rule on the facts and turns the findings into a verdict. Pure: no I/O, no clock.
import type { Finding, Verdict } from '../contract/report';
import { advisoryLatest } from './rules/advisory-latest';
import { advisoryViewed } from './rules/advisory-viewed';
import { maliciousPackage } from './rules/malicious-package';
import { projectStatus } from './rules/project-status';
import { provenance } from './rules/provenance';
import { provenanceContinuity } from './rules/provenance-continuity';
import { provenanceVerification } from './rules/provenance-verification';
import { releaseCooldown } from './rules/release-cooldown';
import { releaseGap } from './rules/release-gap';
import { repositoryArchived } from './rules/repository-archived';
import { repositoryClaimed } from './rules/repository-claimed';
import { repositoryDisabled } from './rules/repository-disabled';
import { repositoryFork } from './rules/repository-fork';
import { repositoryMissing } from './rules/repository-missing';
import { repositoryPopularity } from './rules/repository-popularity';
import { repositoryStale } from './rules/repository-stale';
import { scorecard } from './rules/scorecard';
import { viewedOutdated } from './rules/viewed-outdated';
import { viewedYanked } from './rules/viewed-yanked';
import { youngProject } from './rules/young-project';
import { typosquat } from './rules/typosquat';
import { starjacking } from './rules/starjacking';
import { ownershipDrift } from './rules/ownership-drift';
import { installCode } from './rules/install-code';
import { dependencies } from './rules/dependencies';
import type { Rule, RuleContext, Threshold, TrustInput } from './types';
import { worstFirst } from '../contract/levels';
import { verdict } from './verdict';

export type { Rule, RuleContext, Threshold, TrustInput } from './types';
export { verdict, worstLevel } from './verdict';

/** Every rule, most serious first: within one level, findings keep this order (the headline uses the first). */
export const RULES: Rule[] = [
  maliciousPackage,
  projectStatus,
  typosquat,
  installCode,
  dependencies,
  advisoryViewed,
  advisoryLatest,
  provenance,
  provenanceVerification,
  provenanceContinuity,
  starjacking,
  viewedYanked,
  ownershipDrift,
  releaseCooldown,
  youngProject,
  releaseGap,
  repositoryMissing,
  repositoryDisabled,
  repositoryArchived,
  repositoryStale,
  repositoryFork,
  repositoryClaimed,
  viewedOutdated,
  scorecard,
  repositoryPopularity,
];

export function judge(input: TrustInput, ctx: RuleContext): { findings: Finding[]; verdict: Verdict } {
  const findings = RULES.flatMap((rule) => rule.evaluate(input, ctx));
  // Array.prototype.sort is stable, so rule order breaks ties.
  findings.sort((a, b) => worstFirst(a.level, b.level));
  return { findings, verdict: verdict(input, findings) };
}

export type RuleDoc = { id: string; title: string; rationale: string; thresholds: Threshold[] };

/** What the rules page shows, taken from the rules themselves so it is never written twice. */
export function ruleDocs(): RuleDoc[] {
  return RULES.map(({ id, title, rationale, thresholds }) => ({ id, title, rationale, thresholds }));
}

/** Link to a rule's section on the rules page, e.g. ruleDocUrl('scorecard', browser.runtime.getURL('/rules.html')). */
export function ruleDocUrl(ruleId: string, baseUrl: string): string {
  return `${baseUrl.split('#')[0]}#${encodeURIComponent(ruleId)}`;
}
