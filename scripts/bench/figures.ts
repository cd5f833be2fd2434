// Figures of `npm run bench`: one row each, with its goal and whether it meets it. Timings are the
// median of the runs, with min and max beside it. Nothing here is a test: no figure fails a build.
export type Unit = 'ms' | 'ratio' | 'bytes' | 'count' | 'score' | 'MB' | 'px';

export type Goal = { op: '<=' | '=='; target: number };

export type Figure = {
  group: string;
  name: string;
  unit: Unit;
  /** Median (timings) or the single value (sizes, counts); null when it could not be measured. */
  value: number | null;
  min?: number;
  max?: number;
  runs?: number;
  goal?: Goal;
  status: 'pass' | 'fall-short' | 'info' | 'not-measured';
  note?: string;
};

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function judgeGoal(value: number | null, goal?: Goal): Figure['status'] {
  if (value === null) return 'not-measured';
  if (!goal) return 'info';
  const ok = goal.op === '<=' ? value <= goal.target : value === goal.target;
  return ok ? 'pass' : 'fall-short';
}

/** A figure from repeated samples: the median is judged, min and max are shown. */
export function timing(group: string, name: string, unit: Unit, samples: number[], goal?: Goal, note?: string): Figure {
  const clean = samples.filter((s) => Number.isFinite(s));
  if (clean.length === 0) return { group, name, unit, value: null, goal, status: 'not-measured', note };
  const value = median(clean);
  return {
    group, name, unit, value, min: Math.min(...clean), max: Math.max(...clean), runs: clean.length,
    goal, status: judgeGoal(value, goal), note,
  };
}

/** A figure measured once (a size, a count). */
export function single(group: string, name: string, unit: Unit, value: number | null, goal?: Goal, note?: string): Figure {
  return { group, name, unit, value, goal, status: judgeGoal(value, goal), note };
}

/** A row that could not be measured (a missing hook, a failed step), with the reason. */
export function missing(group: string, name: string, note: string, goal?: Goal, unit: Unit = 'ms'): Figure {
  return { group, name, unit, value: null, goal, status: 'not-measured', note };
}

export function formatValue(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined) return '—';
  switch (unit) {
    case 'ms':
      return value >= 100 ? `${Math.round(value)} ms` : `${value.toFixed(1)} ms`;
    case 'ratio':
      return `${value.toFixed(2)}×`;
    case 'bytes':
      return value >= 1024 ? `${(value / 1024).toFixed(1)} KB` : `${value} B`;
    case 'MB':
      return `${value.toFixed(2)} MB`;
    case 'score':
      return value.toFixed(4);
    case 'count':
      return String(value);
    case 'px':
      return `${Math.round(value)} px`;
  }
}

function formatGoal(goal: Goal | undefined, unit: Unit): string {
  if (!goal) return '—';
  return `${goal.op === '<=' ? '≤' : '='} ${formatValue(goal.target, unit)}`;
}

const STATUS_TEXT: Record<Figure['status'], string> = {
  pass: 'pass',
  'fall-short': 'FALLS SHORT',
  info: 'info',
  'not-measured': 'not measured',
};

type Row = string[];

function pad(rows: Row[]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows.map((r) => r.map((cell, i) => cell + ' '.repeat(widths[i]! - [...cell].length)).join('  ').trimEnd());
}

function rowsOf(figures: Figure[]): Row[] {
  return figures.map((f) => [
    f.group,
    f.name,
    formatValue(f.value, f.unit),
    f.min === undefined ? '' : formatValue(f.min, f.unit),
    f.max === undefined ? '' : formatValue(f.max, f.unit),
    formatGoal(f.goal, f.unit),
    STATUS_TEXT[f.status],
  ]);
}

const HEADER: Row = ['group', 'figure', 'median/value', 'min', 'max', 'goal', 'result'];

/** The table for the terminal, then the notes (numbered). */
export function formatTable(figures: Figure[]): string {
  const lines = pad([HEADER, ...rowsOf(figures)]);
  const rule = '─'.repeat(Math.max(...lines.map((l) => [...l].length)));
  const notes = figures
    .filter((f) => f.note)
    .map((f) => `  · ${f.group} / ${f.name}: ${f.note}`);
  return [lines[0], rule, ...lines.slice(1), rule, ...(notes.length ? ['Notes:', ...notes] : [])].join('\n');
}

/** The same table in Markdown, for docs/bench.md. */
export function formatMarkdown(figures: Figure[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = [`| ${HEADER.join(' | ')} |`, `|${HEADER.map(() => '---').join('|')}|`];
  for (const row of rowsOf(figures)) lines.push(`| ${row.map(esc).join(' | ')} |`);
  return lines.join('\n');
}
