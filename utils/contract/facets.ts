// The panel's summary reads the report by facet: one row each, under the verdict. Which rule speaks for which
// facet, the facets' names and the words of a row's state live here, once (a component and a test both read them).
import type { Level } from './report';

export type Facet = 'advisories' | 'repository' | 'releases' | 'provenance' | 'name' | 'code' | 'dependencies';

/** Summary order: what most often decides an install first. */
export const FACETS: readonly Facet[] = ['advisories', 'repository', 'releases', 'provenance', 'name', 'code', 'dependencies'];

export const FACET_TITLES: Record<Facet, string> = {
  advisories: 'Advisories',
  repository: 'Repository',
  releases: 'Releases',
  provenance: 'Provenance',
  name: 'Name',
  code: 'Code',
  dependencies: 'Dependencies',
};

/** The panel section (`data-section`) a facet's row opens. */
export const FACET_SECTIONS: Record<Facet, 'advisories' | 'repository' | 'releases' | 'provenance' | 'identity' | 'code' | 'dependencies'> =
  {
    advisories: 'advisories',
    repository: 'repository',
    releases: 'releases',
    provenance: 'provenance',
    name: 'identity',
    code: 'code',
    dependencies: 'dependencies',
  };

/**
 * Every rule's facet (utils/trust/rules/<id>.ts). A rule missing here would speak for no row: the summary's unit test
 * checks the table against the rule list.
 */
export const RULE_FACETS: Record<string, Facet> = {
  'advisory-viewed': 'advisories',
  'advisory-latest': 'advisories',
  'malicious-package': 'advisories',
  'repository-archived': 'repository',
  'repository-claimed': 'repository',
  'repository-disabled': 'repository',
  'repository-fork': 'repository',
  'repository-missing': 'repository',
  'repository-popularity': 'repository',
  'repository-stale': 'repository',
  scorecard: 'repository',
  starjacking: 'repository',
  'project-status': 'releases',
  'release-cooldown': 'releases',
  'release-gap': 'releases',
  'viewed-outdated': 'releases',
  'viewed-yanked': 'releases',
  'young-project': 'releases',
  provenance: 'provenance',
  'provenance-continuity': 'provenance',
  'provenance-verification': 'provenance',
  typosquat: 'name',
  'ownership-drift': 'name',
  'install-code': 'code',
  dependencies: 'dependencies',
};

/** A row's state: a finding level, or what kept the facet from being judged. */
export type FacetState = Level | 'unchecked' | 'checking';

/** The word a row shows (beside its icon): findings' words for levels, as the findings list has them. */
export const FACET_STATE_WORDS: Record<FacetState, string> = {
  good: 'Good',
  info: 'Note',
  caution: 'Caution',
  danger: 'Danger',
  unchecked: 'Not checked',
  checking: 'Checking…',
};
