// Two deferred sections on two messages, answered in either order: what is shown is never lost.
import { describe, expect, it } from 'vitest';
import { withShownDeferred } from '../../../../components/shared/deferred-sections';
import type { DependencyFacts, Report, Section } from '../../../../utils/contract/report';
import { syntheticReport } from '../synthetic-facts';

const deps = (source: DependencyFacts['requirementsSource']): Section<DependencyFacts> => ({
  state: 'ok',
  fetchedAt: '2026-11-25T12:00:00.000Z',
  fromCache: false,
  data: {
    version: '3.6.0',
    requirementsSource: source,
    requirements: [],
    graph: { state: 'unavailable', reason: 'disabled', message: 'deps.dev is turned off in settings' },
    summary: source,
    level: 'good',
  },
});
const code: Report['code'] = { state: 'error', error: { kind: 'upstream', message: 'x' } };

describe('withShownDeferred', () => {
  it('keeps the section the new answer lacks, and takes the one it brings', () => {
    const shown = syntheticReport({ code });
    const merged = withShownDeferred(syntheticReport({ dependencies: deps('pypi-json') }), shown);
    expect(merged.code).toBe(code);
    expect(merged.dependencies).toEqual(deps('pypi-json'));
  });

  it('requirements read from the wheel are not replaced by a later answer that read PyPI JSON', () => {
    const shown = syntheticReport({ dependencies: deps('wheel-metadata') });
    expect(withShownDeferred(syntheticReport({ dependencies: deps('pypi-json') }), shown).dependencies).toEqual(deps('wheel-metadata'));
    expect(
      withShownDeferred(syntheticReport({ dependencies: deps('wheel-metadata') }), syntheticReport({ dependencies: deps('pypi-json') }))
        .dependencies,
    ).toEqual(deps('wheel-metadata'));
  });
});
