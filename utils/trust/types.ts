// The contract every trust rule follows (design §7): pure facts in, findings out.
import type {
  AdvisoryFacts,
  CodeFacts,
  IdentityFacts,
  Finding,
  ProvenanceFacts,
  ReleaseFacts,
  ReportPackage,
  RepositoryFacts,
  Section,
} from '../contract/report';

export type TrustInput = {
  package: ReportPackage;
  releases: Section<ReleaseFacts>;
  repository: Section<RepositoryFacts>;
  advisories: Section<AdvisoryFacts>;
  provenance: Section<ProvenanceFacts>;
  /** Typosquat and ownership drift; absent when the report was built without them. */
  identity?: Section<IdentityFacts>;
  /** Install-time code checks; absent until the scan ran (it never holds up the other sections). */
  code?: Section<CodeFacts>;
};

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
export type SectionName = 'releases' | 'repository' | 'advisories' | 'provenance';
