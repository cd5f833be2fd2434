import { describe, expect, it } from 'vitest';
import { buildSummary, pairResults } from '../../../../components/popup/requirements-summary';
import type { RequirementResult } from '../../../../utils/contract/messages';
import type { VerdictLevel } from '../../../../utils/contract/report';
import { parseRequirements } from '../../../../utils/lib/requirements';

function result(name: string, version: string, level: VerdictLevel, headline: string): RequirementResult {
  return {
    name,
    normalizedName: name,
    pinned: true,
    specifier: `==${version}`,
    checkedVersion: version,
    latestVersion: version,
    onPypi: null,
    verdict: { level, headline },
    advisories: [],
    upgradeTo: null,
    notes: [],
  };
}

describe('buildSummary', () => {
  it('lists the worst first, with good and info both read as OK', () => {
    const parsed = parseRequirements('a==1\nb==2\nc==3\nd==4\ne==5\n');
    if (!parsed.ok) throw new Error(parsed.message);
    const results = [
      result('a', '1', 'good', 'No problems found'),
      result('b', '2', 'info', 'No known advisories for 2'),
      result('c', '3', 'caution', 'Caution: 1 advisory affects 3'),
      result('d', '4', 'unknown', 'Unknown: advisories not checked'),
      result('e', '5', 'danger', 'Danger: known malicious package'),
    ];
    const lines = buildSummary(parsed.lines, pairResults(parsed.lines, results), '2026-01-02T03:04:05Z').split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'PyPI Trust Panel requirements check, 2026-01-02 03:04 UTC',
      '5 checked: 1 danger, 1 caution, 1 unknown, 2 no known advisories; 0 skipped, 0 not understood.',
    ]);
    expect(lines.slice(3)).toEqual([
      'DANGER  line 5: e==5 — Danger: known malicious package',
      'CAUTION line 3: c==3 — Caution: 1 advisory affects 3',
      'UNKNOWN line 4: d==4 — Unknown: advisories not checked',
      'OK      line 2: b==2 — No known advisories for 2',
      'OK      line 1: a==1 — No problems found',
    ]);
  });
});
