// The popup scenario's assembled- bodies are exactly what test/support/assembled-popup.ts builds from the
// recordings (rebuild with `npx tsx scripts/assemble-popup-fixtures.ts`), and its querybatch route asks
// for exactly the queries the extension sends for requirements-30.txt.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assembleRequirementsBatch, popupAssembledFiles, requirementsQueries } from '../../support/assembled-popup';
import { projectFixturePath, readRecorded } from '../../support/fixtures';
import { loadScenario } from '../../support/scenario';

describe('popup scenario fixtures', () => {
  it.each(Object.entries(popupAssembledFiles()))('%s equals its assembly from recorded parts', (name, expected) => {
    expect(readFileSync(projectFixturePath(name), 'utf8')).toBe(expected);
  });

  it('the recorded batch results are used verbatim for the queries they answered', () => {
    const recorded = readRecorded('api.osv.dev/querybatch/pypi-django-1.11.29-flask-1.0.0-requests-2.20.0.json') as { results: unknown[] };
    const { body, sources } = assembleRequirementsBatch();
    expect(body.results.slice(0, 3)).toEqual(recorded.results);
    expect(sources.filter((s) => s.from.startsWith('api.osv.dev/')).map((s) => s.query.package.name)).toEqual([
      'django',
      'flask',
      'requests',
      'emoji',
      'protobuf',
      '0requests',
    ]);
  });

  it("the querybatch route's bodyMatch is the extension's query list, and every stand-in is declared", () => {
    const scenario = loadScenario('popup');
    const batch = scenario.routes.find((r) => r.key === 'api.osv.dev POST /v1/querybatch');
    expect((batch!.spec.bodyMatch as { queries: unknown }).queries).toEqual(requirementsQueries());
    const declared = new Set(scenario.standIns.map((s) => s.route));
    for (const route of scenario.routes.filter(
      (r) => r.spec.project?.startsWith('assembled-') || r.spec.project?.startsWith('synthetic-'),
    )) {
      expect(declared, route.key).toContain(route.key);
    }
  });
});
