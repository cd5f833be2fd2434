// The shared shapes of every section: levels, findings with evidence, and a section's ok/error/disabled state.

export type Level = 'good' | 'info' | 'caution' | 'danger';
export type VerdictLevel = Level | 'unknown';

/** A link to the evidence behind a fact. `url` is always https: (checked by `safeHttpsUrl` when built). */
export type Evidence = { label: string; url: string };

export type Finding = {
  rule: string;
  level: Level;
  title: string;
  detail: string;
  evidence: Evidence[];
};

export type ErrorKind = 'not-found' | 'rate-limited' | 'offline' | 'timeout' | 'upstream' | 'malformed';
export type SourceError = { kind: ErrorKind; message: string; retryAt?: string };

/** A normaliser's answer: our type, or why the upstream's body was refused. */
export type Normalised<T> = { ok: true; data: T } | { ok: false; error: SourceError };

export type Section<T> =
  | { state: 'ok'; data: T; fetchedAt: string; fromCache: boolean }
  | { state: 'error'; error: SourceError }
  | { state: 'disabled' };
