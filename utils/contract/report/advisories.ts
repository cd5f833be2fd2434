// The advisories section: OSV's and PyPI's advisories, with severity and the versions that fix them.
import type { ErrorKind } from './common';

export type SeverityBand = 'critical' | 'high' | 'medium' | 'low' | 'none' | 'unknown';

export type Severity = {
  band: SeverityBand;
  score: number | null;
  vector: string | null;
  /** Where the band came from; 'none': the record has no severity; 'unread': its record could not be read. */
  source: 'cvss-v4' | 'cvss-v3' | 'cvss-v2' | 'database' | 'none' | 'unread';
};

/**
 * What a malicious-code record says about the project, read against its release history
 * (utils/trust/malware-scope.ts): a package made to attack, or a few hijacked releases of a real project.
 */
export type MalwareScope =
  | { kind: 'malicious-project' }
  /** `since`: the first compromised upload (ISO), or the report's publication when PyPI no longer lists it. */
  | { kind: 'compromised-release'; versions: string[]; since: string | null };

export type Advisory = {
  id: string;
  aliases: string[];
  summary: string | null;
  severity: Severity;
  /** Versions that fix it for this PyPI package, PEP 440 ascending. */
  fixedIn: string[];
  published: string | null;
  modified: string | null;
  withdrawn: string | null;
  /** Malicious code: an OSV MAL- record, or an advisory with a MAL- alias or CWE-506 (embedded malicious code). */
  malicious: boolean;
  /** The versions the record names for this PyPI package (`affected[].versions`), PEP 440 ascending. */
  affectedVersions: string[];
  /** An ECOSYSTEM range with no end: every release from its start on is affected, named or not. */
  openRange: boolean;
  /** Set for a malicious record once the build has read it against the release history. */
  malwareScope?: MalwareScope;
  /** https link to the advisory (osv.dev page). */
  url: string;
  /** Which upstreams reported it. */
  reportedBy: ('osv' | 'pypi')[];
  affectsViewed: boolean;
  affectsLatest: boolean;
};

export type AdvisoryFacts = {
  viewedVersion: string;
  latestVersion: string | null;
  advisories: Advisory[];
  /**
   * OSV's malicious-code records for the name at any version (how a compromise of other releases is
   * known); absent in facts built without that lookup.
   */
  otherVersions?: { state: 'ok' } | { state: 'error'; message: string };
  /**
   * OSV did not answer for the viewed version: the advisories are PyPI's own feed for it alone (no severity, no
   * malicious-code records), and the verdict says OSV was not checked. Absent when OSV answered.
   */
  osv?: { state: 'error'; kind: ErrorKind; message: string };
};
