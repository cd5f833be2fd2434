// Rows of `npm run eval`: a figure, its goal and pass / FALLS SHORT, printed like `npm run bench` prints.
export type Goal = { op: '>=' | '<=' | '<'; target: number };
export type Unit = 'percent' | 'ms' | 'count';
export type EvalFigure = { check: string; name: string; unit: Unit; value: number; of?: number; goal?: Goal; note?: string };

function meets(value: number, goal: Goal): boolean {
  return goal.op === '>=' ? value >= goal.target : goal.op === '<=' ? value <= goal.target : value < goal.target;
}

function show(value: number, unit: Unit): string {
  if (unit === 'percent') return `${(value * 100).toFixed(2)}%`;
  if (unit === 'ms') return `${value.toFixed(3)} ms`;
  return String(value);
}

/** A share of a corpus: `hits` of `total`. */
export function share(check: string, name: string, hits: number, total: number, goal?: Goal, note?: string): EvalFigure {
  return { check, name, unit: 'percent', value: total === 0 ? 0 : hits / total, of: total, goal, note };
}

function pad(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return rows.map((r) =>
    r
      .map((cell, i) => cell + ' '.repeat(widths[i]! - [...cell].length))
      .join('  ')
      .trimEnd(),
  );
}

export function formatEvalTable(figures: EvalFigure[]): string {
  const header = ['check', 'figure', 'value', 'of', 'goal', 'result'];
  const rows = figures.map((f) => [
    f.check,
    f.name,
    show(f.value, f.unit),
    f.of === undefined ? '' : String(f.of),
    f.goal ? `${{ '>=': '≥', '<=': '≤', '<': '<' }[f.goal.op]} ${show(f.goal.target, f.unit)}` : '—',
    f.goal ? (meets(f.value, f.goal) ? 'pass' : 'FALLS SHORT') : 'info',
  ]);
  const lines = pad([header, ...rows]);
  const rule = '─'.repeat(Math.max(...lines.map((l) => [...l].length)));
  const notes = figures.filter((f) => f.note).map((f) => `  · ${f.check} / ${f.name}: ${f.note}`);
  return [lines[0], rule, ...lines.slice(1), rule, ...(notes.length ? ['Notes:', ...notes] : [])].join('\n');
}

export const fallsShort = (figures: EvalFigure[]) => figures.filter((f) => f.goal && !meets(f.value, f.goal));
