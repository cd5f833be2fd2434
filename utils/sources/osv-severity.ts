// How bad an OSV advisory is: the CVSS vector's base score when there is one we can compute,
// else the database's own word ("HIGH", "MODERATE"), else unknown. Pure.
import type * as CvssCalculator from 'ae-cvss-calculator';
import type { Severity, SeverityBand } from '../contract/report';

export type OsvSeverityEntry = { type: string; score: string };

// CVSS bands as FIRST defines them (v3.1 §5, v4.0 §2.1).
const CRITICAL_FROM = 9;
const HIGH_FROM = 7;
const MEDIUM_FROM = 4;

/** Base metrics each CVSS version requires; the calculator scores a partial vector as 0, so we check first. */
const REQUIRED_METRICS: Record<'cvss-v2' | 'cvss-v3' | 'cvss-v4', string[]> = {
  'cvss-v2': ['AV', 'AC', 'Au', 'C', 'I', 'A'],
  'cvss-v3': ['AV', 'AC', 'PR', 'UI', 'S', 'C', 'I', 'A'],
  'cvss-v4': ['AV', 'AC', 'AT', 'PR', 'UI', 'VC', 'VI', 'VA', 'SC', 'SI', 'SA'],
};
/** Newest CVSS first: when an advisory carries several, the newest is the one its authors meant. */
const PREFERENCE: { type: string; source: keyof typeof REQUIRED_METRICS; prefix: RegExp }[] = [
  { type: 'CVSS_V4', source: 'cvss-v4', prefix: /^CVSS:4\.0\// },
  { type: 'CVSS_V3', source: 'cvss-v3', prefix: /^CVSS:3\.[01]\// },
  { type: 'CVSS_V2', source: 'cvss-v2', prefix: /^(CVSS:2\.0\/)?AV:/ },
];

/** GitHub's and OSV's database words for severity. */
const DATABASE_WORDS = new Map<string, SeverityBand>([
  ['CRITICAL', 'critical'],
  ['HIGH', 'high'],
  ['MODERATE', 'medium'],
  ['MEDIUM', 'medium'],
  ['LOW', 'low'],
  ['NONE', 'none'],
]);

export function bandForScore(score: number): SeverityBand {
  if (score >= CRITICAL_FROM) return 'critical';
  if (score >= HIGH_FROM) return 'high';
  if (score >= MEDIUM_FROM) return 'medium';
  return score > 0 ? 'low' : 'none';
}

type Calculator = Pick<typeof CvssCalculator, 'fromVector'>;
let calculator: Calculator | null = null;
let loading: Promise<void> | null = null;

/**
 * Loads the CVSS calculator (ae-cvss-calculator builds its metric tables when evaluated) on first need, a task after
 * the request that needs it has left, not at every start of the worker. Every OSV fetcher awaits it before reading
 * an answer; severityOf throws if it was not loaded (never a silently different band).
 */
export function loadSeverityCalculator(): Promise<void> {
  loading ??= new Promise((resolve) => setTimeout(resolve, 0))
    .then(() => import('ae-cvss-calculator'))
    .then((module) => {
      // A UMD module: its functions are named exports under a bundler, the default export under Node.
      const api = module as Calculator & { default?: Calculator };
      calculator = typeof api.fromVector === 'function' ? api : api.default!;
    });
  return loading;
}

/** The base score of a complete CVSS vector, or null when it is partial, unknown or unscorable. */
export function cvssBaseScore(vector: string, source: keyof typeof REQUIRED_METRICS): number | null {
  if (vector.length > 256) return null;
  const metrics = new Set(
    vector
      .replace(/^CVSS:\d\.\d\//, '')
      .split('/')
      .map((part) => part.split(':')[0]),
  );
  if (!REQUIRED_METRICS[source].every((metric) => metrics.has(metric))) return null;
  if (calculator === null) throw new Error('CVSS calculator not loaded: await loadSeverityCalculator() first');
  const { fromVector } = calculator;
  try {
    const parsed: unknown = fromVector(vector);
    if (typeof parsed !== 'object' || parsed === null || !('calculateScores' in parsed)) return null;
    const scores = (parsed as { calculateScores(): { base?: unknown; overall?: unknown } }).calculateScores();
    const score = typeof scores.base === 'number' ? scores.base : scores.overall;
    return typeof score === 'number' && Number.isFinite(score) && score >= 0 && score <= 10 ? score : null;
  } catch {
    // The calculator throws on vectors it cannot read; an unreadable vector is simply no score.
    return null;
  }
}

export function severityOf(entries: OsvSeverityEntry[], databaseSeverity: string | undefined): Severity {
  for (const { type, source, prefix } of PREFERENCE) {
    for (const entry of entries) {
      if (entry.type !== type || !prefix.test(entry.score)) continue;
      const score = cvssBaseScore(entry.score, source);
      if (score !== null) return { band: bandForScore(score), score, vector: entry.score, source };
    }
  }
  const word = databaseSeverity === undefined ? undefined : DATABASE_WORDS.get(databaseSeverity.trim().toUpperCase());
  if (word) return { band: word, score: null, vector: null, source: 'database' };
  return { band: 'unknown', score: null, vector: null, source: 'none' };
}

const BAND_ORDER: SeverityBand[] = ['critical', 'high', 'medium', 'low', 'none', 'unknown'];

/** For sorting: critical first, unknown last. */
export function bandRank(band: SeverityBand): number {
  return BAND_ORDER.indexOf(band);
}
