// The Report itself: its sections, findings and verdict, the early answer, and a search result's badge.
import type { AdvisoryFacts } from './advisories';
import type { CodeFacts } from './code';
import type { DependencyFacts } from './dependencies';
import type { Finding, Section, VerdictLevel } from './common';
import type { IdentityFacts } from './identity';
import type { ProvenanceFacts } from './provenance';
import type { ProjectLink, ReleaseFacts } from './releases';
import type { RepositoryFacts } from './repository';

export type PageHints = {
  /** URLs pypi.org lists as verified on the page ("Verified details", GitHub statistics block). */
  verifiedUrls: string[];
  /** The version the page's title shows: lets version-keyed requests start before PyPI JSON answers. */
  shownVersion?: string;
  /**
   * The project links the page lists (the same project_urls PyPI JSON carries): lets the repository's
   * requests (GitHub, deps.dev, build files) start before PyPI JSON answers. A hint only: the report
   * judges the links from PyPI JSON.
   */
  projectLinks?: ProjectLink[];
  /**
   * Files of the shown version the page says were uploaded with Trusted Publishing or shows provenance for: their
   * Integrity requests start with the first requests. A hint only: the Simple index says which files carry provenance.
   */
  attestedFiles?: string[];
};

export type ReportPackage = {
  name: string;
  normalizedName: string;
  viewedVersion: string;
  latestVersion: string | null;
};

export type Verdict = { level: VerdictLevel; headline: string };

/** The Report's sections, each one fact of the report's task graph, in the order the report lists them. */
export const REPORT_SECTIONS = ['releases', 'repository', 'advisories', 'provenance', 'identity', 'code', 'dependencies'] as const;
export type SectionName = (typeof REPORT_SECTIONS)[number];

export type Report = {
  package: ReportPackage;
  repository: Section<RepositoryFacts>;
  releases: Section<ReleaseFacts>;
  advisories: Section<AdvisoryFacts>;
  provenance: Section<ProvenanceFacts>;
  /** Typosquat, ownership drift (optional: reports built before these checks lack it). */
  identity?: Section<IdentityFacts>;
  /** Install-time code checks; absent until scanned (asked separately with scanCode so the verdict never waits for downloads). */
  code?: Section<CodeFacts>;
  /** What the viewed version pulls in; absent until resolved (it arrives with the code checks, never on the verdict's path). */
  dependencies?: Section<DependencyFacts>;
  findings: Finding[];
  verdict: Verdict;
  generatedAt: string;
};

/**
 * The first three sections of a report, sent as soon as they are final, before provenance (which for an
 * attested project needs a second round-trip: Simple, then Integrity) and the verdict. The badge waits
 * for the whole report; the panel shows these at once.
 */
export type EarlyReport = Pick<Report, 'package' | 'repository' | 'releases' | 'advisories' | 'generatedAt'>;

/** What a search result badge needs: cheap sources only. */
export type BadgeSummary = {
  name: string;
  verdict: Verdict;
  latestVersion: string | null;
  advisoryCount: number;
  malicious: boolean;
};
