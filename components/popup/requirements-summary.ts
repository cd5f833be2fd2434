// The copyable plain-text summary of a requirements check: worst first, one line per requirement,
// then what was skipped and why — something to paste into an issue or a review comment.
import { levelRank, verdictWord, worstFirst } from '../../utils/contract/levels';
import type { RequirementResult } from '../../utils/contract/messages';
import type { VerdictLevel } from '../../utils/contract/report';
import type { RequirementLine } from '../../utils/lib/requirements';

export type CheckedLine = { line: Extract<RequirementLine, { kind: 'requirement' }>; result: RequirementResult };

/** good and info both read OK: neither asks the reader to act on the line. */
const word = (level: VerdictLevel) => (levelRank(level) <= levelRank('info') ? 'OK' : verdictWord(level).toUpperCase());

/** Pairs each requirement line with its result (the background answers in the order they were sent). */
export function pairResults(lines: RequirementLine[], results: RequirementResult[]): CheckedLine[] {
  const requirementLines = lines.filter((l): l is CheckedLine['line'] => l.kind === 'requirement');
  return requirementLines.flatMap((line, i) => (results[i] ? [{ line, result: results[i]! }] : []));
}

export function countLevels(checked: CheckedLine[]): Record<VerdictLevel, number> {
  const counts: Record<VerdictLevel, number> = { danger: 0, caution: 0, unknown: 0, info: 0, good: 0 };
  for (const { result } of checked) counts[result.verdict.level] += 1;
  return counts;
}

export function requirementLabel(result: RequirementResult): string {
  if (result.pinned) return `${result.name}==${result.checkedVersion ?? ''}`;
  return `${result.name}${result.specifier ?? ''} (unpinned${result.checkedVersion ? `, latest ${result.checkedVersion}` : ''})`;
}

/** `format`: the lockfile's kind when the paste was one (uv.lock, poetry.lock, …); absent for requirements.txt. */
export function buildSummary(lines: RequirementLine[], checked: CheckedLine[], checkedAt: string, format?: string): string {
  const counts = countLevels(checked);
  const skipped = lines.filter((l) => l.kind === 'skipped');
  const invalid = lines.filter((l) => l.kind === 'invalid');
  const what = format && format !== 'requirements.txt' ? `lockfile check (${format})` : 'requirements check';
  const out = [
    `PyPI Trust Panel ${what}, ${checkedAt.slice(0, 16).replace('T', ' ')} UTC`,
    `${checked.length} checked: ${counts.danger} danger, ${counts.caution} caution, ${counts.unknown} unknown, ${counts.info + counts.good} no known advisories; ${skipped.length} skipped, ${invalid.length} not understood.`,
    '',
  ];
  const sorted = [...checked].sort((a, b) => worstFirst(a.result.verdict.level, b.result.verdict.level) || a.line.line - b.line.line);
  for (const { line, result } of sorted) {
    const upgrade = result.upgradeTo ? ` → upgrade to ${result.upgradeTo}` : '';
    const ids = result.advisories.length > 0 ? ` [${result.advisories.map((a) => a.id).join(', ')}]` : '';
    const from = line.requirement.source ? ` (from ${line.requirement.source})` : '';
    out.push(
      `${word(result.verdict.level).padEnd(8)}line ${line.line}: ${requirementLabel(result)}${from} — ${result.verdict.headline}${upgrade}${ids}`,
    );
  }
  if (skipped.length + invalid.length > 0) out.push('');
  for (const line of [...skipped, ...invalid].sort((a, b) => a.line - b.line)) {
    out.push(`${line.kind === 'skipped' ? 'SKIPPED' : 'INVALID'} line ${line.line}: ${line.text} — ${line.reason}`);
  }
  return out.join('\n');
}
