// The contract every trust rule follows (design §7): pure facts in, findings out.
import type { Finding, Report } from '../contract/report';

/** The Report's facts, before findings and verdict; identity, code and dependencies stay optional, as in the Report. */
export type TrustInput = Pick<
  Report,
  'package' | 'releases' | 'repository' | 'advisories' | 'provenance' | 'identity' | 'code' | 'dependencies'
>;

/** Rules never read the clock: "now" is passed in so judgement is reproducible. */
export type RuleContext = { now: string };

/** A named limit a rule uses, documented on the rules page. */
export type Threshold = { name: string; value: number; unit: string; reason: string };

export type Rule = {
  id: string;
  title: string;
  /** One line: why this rule matters to someone about to install the package. */
  rationale: string;
  thresholds: Threshold[];
  evaluate(input: TrustInput, ctx: RuleContext): Finding[];
};

/** The four upstream sections of a report, by the name the verdict uses for them. */
export type CheckedSection = 'releases' | 'repository' | 'advisories' | 'provenance';
