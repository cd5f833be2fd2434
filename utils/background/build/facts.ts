// What the report's task graph knows: the facts (one per task), the context every task runs in, and the
// request. One list of the facts, so that a new task is one key here and one file in tasks/.
import type { ScanEngine } from './scan-engine';
import type {
  Advisory,
  BuildFile,
  DepsDevProject,
  DepsDevVersion,
  GithubRepo,
  PageHints,
  ProvenanceFacts,
  RepositoryClaimants,
  RepositoryFacts,
  RepositoryLink,
  Report,
  ReportPackage,
  Section,
  SectionName,
  SourceError,
} from '../../contract/report';
import type { Settings } from '../../contract/settings';

import type { Http } from '../../sources/http';
import type { OsvAnswers } from '../../sources/osv';
import type { SimpleIndex } from '../../sources/pypi-simple';
import type { OwnershipMemory } from '../ownership-memory';
import type { TopListLoad, TopListLoader } from '../top-list';
import { defineTask } from './graph';

export type IdentityDeps = { topList: TopListLoader; ownership: OwnershipMemory };

export type BuildDeps = {
  http: Http;
  settings: Settings;
  now: () => number;
  /** The typosquat list and ownership memory (the background's); without them a report has no identity section. */
  identity?: IdentityDeps;
  /** Where archives are scanned (scan-engine.ts): a worker off this thread; without it, in-thread. */
  scanner?: ScanEngine;
};

export type ReportRequest = {
  name: string;
  version?: string;
  /**
   * What only the page shows. A promise when the build starts before the page is parsed (the content
   * script's prefetch at document_start): tasks that need nothing from the page start at once, and the
   * ones its hints can start run ahead as soon as they arrive.
   */
  pageHints?: PageHints | Promise<PageHints | undefined>;
  /**
   * Install-time code checks. 'start' begins downloading and scanning but returns without them (the
   * verdict never waits for archives); 'wait' includes them (the scanCode message). Absent: no scan.
   */
  code?: { mode: 'start' | 'wait'; allowLarge?: boolean };
};

export type BuildContext = BuildDeps & {
  request: ReportRequest;
  /** The page's hints once they are in (undefined before, and for a request without any). */
  hints(): PageHints | undefined;
};

/** The Report's sections, each a fact: an optional section is null when its task did not run. */
type SectionFacts = { [K in SectionName]-?: undefined extends Report[K] ? Exclude<Report[K], undefined> | null : Report[K] };

/** Sections the report waits for only when the request asks (archives are never on the verdict's path). */
export const DEFERRED_SECTIONS: readonly SectionName[] = ['code', 'dependencies'];

export type ReportFacts = SectionFacts & {
  /** Given: the page's hints (undefined when there are none). */
  hints: PageHints | undefined;
  package: ReportPackage;
  /** The version to ask upstreams about: PyPI's viewed version; null when PyPI's data is missing. */
  version: string | null;
  latestVersion: string | null;
  /** PyPI's spelling of the name (the request's until PyPI answers). */
  projectName: string;
  osv: OsvAnswers | null;
  /** OSV's malicious-code records for the name at any version (null when OSV is off). */
  osvHistory: Section<Advisory[]> | null;
  simple: Section<SimpleIndex>;
  /** The Integrity URLs of the viewed version's files that carry provenance (the Simple index's; hinted by the page). */
  provenanceUrls: string[];
  /** The Integrity requests started ahead of the Simple index, on the page's file hints (how many). */
  integrityAhead: number;
  /** Every file's attestations, verified (the Provenance section before it is compared with the repository). */
  attestations: Section<ProvenanceFacts>;
  link: RepositoryLink | null;
  github: Section<GithubRepo> | null;
  buildFiles: BuildFile[] | null;
  depsDevVersion: Section<DepsDevVersion> | null;
  depsDevProject: Section<DepsDevProject> | null;
  claimants: Section<RepositoryClaimants> | null;
  /** The Repository section before the attestations are verified (the early answer). */
  repositoryPending: Section<RepositoryFacts>;
  topList: TopListLoad | null;
};

export const task = defineTask<ReportFacts, BuildContext>();

/** A section that could not be checked because what it needs (PyPI's data) is missing. */
export function dependsOn(cause: SourceError | null): Section<never> {
  return {
    state: 'error',
    error: cause
      ? { ...cause, message: `Not checked: ${cause.message}` }
      : { kind: 'upstream', message: 'Not checked: PyPI data is missing' },
  };
}

/** The error of a releases section, for the sections that depend on it. */
export const releasesError = (releases: Report['releases']): SourceError | null => (releases.state === 'error' ? releases.error : null);
