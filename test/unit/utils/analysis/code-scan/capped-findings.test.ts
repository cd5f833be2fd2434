// Findings capped as they stream (CappedFindings) keep exactly what sorting them all at the end kept: the
// reference below is the sort-then-cut the scanner used before, so a difference in any case fails here.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { worstFirst } from '../../../../../utils/contract/levels';
import type { Level } from '../../../../../utils/contract/report';
import { CappedFindings, capPerCheck, scanPython, type LineFinding } from '../../../../../utils/analysis/code-scan/setup-py';

function sortThenCut(findings: LineFinding[], max: number): LineFinding[] {
  const byCheck = new Map<string, LineFinding[]>();
  for (const f of findings) {
    const group = byCheck.get(f.check);
    if (group) group.push(f);
    else byCheck.set(f.check, [f]);
  }
  const kept: LineFinding[] = [];
  for (const group of byCheck.values()) {
    group.sort((a, b) => worstFirst(a.level, b.level) || (a.line ?? 0) - (b.line ?? 0));
    let cut = 0;
    for (let k = max; k < group.length; k++) cut += 1 + (group[k]!.moreLikeThis ?? 0);
    const head = group.slice(0, max);
    if (cut > 0) {
      const last = head[head.length - 1]!;
      head[head.length - 1] = { ...last, moreLikeThis: (last.moreLikeThis ?? 0) + cut };
    }
    kept.push(...head);
  }
  return kept;
}

const finding = fc.record({
  check: fc.constantFrom('network', 'process', 'obfuscated-line', 'pth-file'),
  level: fc.constantFrom<Level>('info', 'caution', 'danger'),
  line: fc.option(fc.integer({ min: 1, max: 6 })),
  excerpt: fc.string({ maxLength: 3 }),
  moreLikeThis: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
});

describe('CappedFindings', () => {
  it('keeps, orders and counts exactly what a sort of all findings then a cut keeps (property)', () => {
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 40 }), fc.integer({ min: 1, max: 6 }), (raw, max) => {
        const findings = raw.map((f) => ({ ...f, path: 'setup.py', detail: 'd' }) as LineFinding);
        const streamed = new CappedFindings(max);
        for (const f of findings) streamed.push(f);
        expect(streamed.result()).toEqual(sortThenCut(findings, max));
        expect(capPerCheck(findings, max)).toEqual(sortThenCut(findings, max));
      }),
      { numRuns: 500 },
    );
  });

  it('a flood of one check holds five findings and counts the rest on the last kept', () => {
    const text = 'import socket\n'.repeat(50_000);
    const network = scanPython('setup.py', text).filter((f) => f.check === 'network');
    expect(network).toHaveLength(5);
    expect(network.map((f) => f.line)).toEqual([1, 2, 3, 4, 5]);
    expect(network[4]!.moreLikeThis).toBe(49_995);
  });
});
