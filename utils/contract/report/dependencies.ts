// The dependencies section: what `pip install` of the viewed version brings with it — the release's own
// requirements as declared, the graph deps.dev resolves from them, and what OSV and the name checks say
// of every package in it.
import type { RequiresDistLine } from '../../lib/requires-dist';
import type { Level, SourceError } from './common';
import type { SeverityBand } from './advisories';

/** One Requires-Dist line, as the release declares it (lib/requires-dist.ts reads it): extras and markers shown, never evaluated. */
export type DeclaredRequirement = RequiresDistLine & {
  /** https://pypi.org/project/<name>/ */
  url: string;
};

/** Where the declared requirements were read. */
export type RequirementsSource =
  /** The Requires-Dist of the wheel's own METADATA, read by the code checks: what pip installs from that wheel. */
  | 'wheel-metadata'
  /** PyPI JSON `info.requires_dist` of the viewed version (the metadata of its first uploaded file). */
  | 'pypi-json'
  /** The requirements deps.dev's graph resolved for the root (its DIRECT edges), when PyPI lists none. */
  | 'deps-dev-graph'
  | 'none';

export type DependencyAdvisory = {
  id: string;
  summary: string | null;
  severity: SeverityBand;
  malicious: boolean;
  url: string;
};

/** What a dependency's version is, as far as malicious code goes. */
export type DependencyMalware = 'none' | 'malicious-package' | 'compromised-release';

/** One package of the resolved graph (the root left out). */
export type DependencyNode = {
  name: string;
  normalizedName: string;
  version: string;
  relation: 'direct' | 'indirect';
  /** The requirement the first package that asks for it wrote (">=1.1.0"); null when deps.dev gave none. */
  requirement: string | null;
  /** https://pypi.org/project/<name>/<version>/ */
  url: string;
  /** The worst of what is known of it: danger for malicious code, at most caution for advisories. */
  level: Level;
  malware: DependencyMalware;
  advisories: DependencyAdvisory[];
  /** The popular package its name resembles, when the name checks say it is a look-alike. */
  lookAlike: string | null;
  /** Resolution problems deps.dev reports for this node (remote text). */
  errors: string[];
  /** When the project was first published (its earliest version on deps.dev); null when not checked or not known. */
  age: DependencyAge | null;
};

export type DependencyAge = {
  /** RFC 3339, deps.dev's publishedAt of the project's earliest version. */
  firstPublishedAt: string;
  /** Whole days from then to the report's time. */
  days: number;
  /** First published under YOUNG_DEPENDENCY_DAYS ago. */
  young: boolean;
};

/** A dependency project first published this recently is named (at most a caution): too new to have a track record. */
export const YOUNG_DEPENDENCY_DAYS = 90;

/** How the first-published dates of the graph's projects were asked (deps.dev GetPackage, one request per project). */
export type DependencyAgeChecks =
  | { state: 'disabled' }
  | {
      state: 'ok';
      /** Projects asked, and of those the ones whose date came back. */
      asked: number;
      answered: number;
      /** Projects past the cap, not asked. */
      notAsked: number;
      /** At most this many projects are asked per graph. */
      cap: number;
    };

/** How the graph's packages were checked. */
export type DependencyChecks = {
  advisories: { state: 'ok' } | { state: 'disabled' } | { state: 'error'; message: string };
  /** The most-downloaded list behind the look-alike check was loaded. */
  names: boolean;
  /** The first-published dates (a project under YOUNG_DEPENDENCY_DAYS old is named). */
  ages: DependencyAgeChecks;
};

export type DependencyGraphFacts =
  | {
      state: 'ok';
      /** Every package but the root, worst first, then direct before indirect, then by name. */
      nodes: DependencyNode[];
      directCount: number;
      /** A graph-wide resolution problem deps.dev reports (remote text); null when none. */
      error: string | null;
      /** The deps.dev page of the viewed version. */
      url: string;
      checks: DependencyChecks;
    }
  /** No graph: only the declared requirements are shown, and the reason why. */
  | { state: 'unavailable'; reason: 'disabled' | 'no-graph' | 'error'; message: string; error?: SourceError };

/** Where the wheel's METADATA and PyPI JSON's requires_dist disagree (METADATA is shown: pip installs from it). */
export type RequirementsDifference = {
  /** METADATA's lines PyPI JSON does not list, as written. */
  onlyInMetadata: string[];
  /** PyPI JSON's lines METADATA does not have, as written. */
  onlyInPypiJson: string[];
  /** False when PyPI JSON lists no requires_dist for the release at all. */
  pypiJsonListed: boolean;
};

export type DependencyFacts = {
  version: string;
  requirementsSource: RequirementsSource;
  /** The wheel whose METADATA was read (requirementsSource 'wheel-metadata'). */
  requirementsFile?: string;
  /** Set when the wheel's METADATA was read and PyPI JSON says otherwise; absent or null when they agree. */
  requirementsDifference?: RequirementsDifference | null;
  requirements: DeclaredRequirement[];
  graph: DependencyGraphFacts;
  /** One line for the whole graph ("pulls in 23 packages (5 direct); 2 have advisories: …; none malicious"). */
  summary: string;
  /** The worst level of any node (good when the graph is clean or missing). */
  level: Level;
};

/** What deps.dev's GetDependencies says, normalised (sources/deps-dev.ts): node 0 is the root. */
export type ResolvedGraph = {
  nodes: { name: string; version: string; relation: 'self' | 'direct' | 'indirect'; errors: string[] }[];
  edges: { from: number; to: number; requirement: string | null }[];
  error: string | null;
  url: string;
};
