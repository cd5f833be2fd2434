// The advisories section: OSV's and PyPI's advisories, with severity and the versions that fix them.

export type SeverityBand = 'critical' | 'high' | 'medium' | 'low' | 'none' | 'unknown';

export type Severity = {
  band: SeverityBand;
  score: number | null;
  vector: string | null;
  /** Where the band came from. */
  source: 'cvss-v4' | 'cvss-v3' | 'cvss-v2' | 'database' | 'none';
};

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
  malicious: boolean;
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
};
