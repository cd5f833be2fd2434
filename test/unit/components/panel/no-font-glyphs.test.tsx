// @vitest-environment happy-dom
// No symbol a machine's fonts may lack: on a Debian Chromium without a symbol font, ✓ ⚠ ⓘ ✗ and CSS generated
// content drew as empty boxes. Every state is an inline SVG beside its word.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { TrustBadge } from '../../../../components/panel/TrustBadge';
import { TrustPanel } from '../../../../components/panel/TrustPanel';
import { VERDICT_LEVELS } from '../../../../utils/contract/levels';
import { projectRoot } from '../../../support/fixtures';
import { NOW, failed, ok, rateLimited, syntheticAdvisory, syntheticAdvisoryFacts, syntheticReport } from '../synthetic-facts';

afterEach(cleanup);

/** Arrows, maths, technical, enclosed, box drawing, geometric shapes, miscellaneous symbols, dingbats. */
const SYMBOL_BLOCKS = /[\u2190-\u21FF\u2300-\u23FF\u2460-\u24FF\u2500-\u25FF\u2600-\u27BF\u2B00-\u2BFF]/gu;
/** Typography every text font has: ≥ in "Fixed in ≥ 1.2", → in "→ upgrade to". */
const TEXT_SYMBOLS = new Set(['≥', '≤', '→']);

function symbolsIn(text: string): string[] {
  return [...new Set(text.match(SYMBOL_BLOCKS) ?? [])].filter((c) => !TEXT_SYMBOLS.has(c));
}

describe('no font glyphs', () => {
  it('the panel with findings, advisories, a malicious record and a failed section shows states as SVG only', () => {
    const report = syntheticReport({
      repository: failed(rateLimited),
      advisories: ok(syntheticAdvisoryFacts([syntheticAdvisory(), syntheticAdvisory({ id: 'MAL-1', malicious: true })])),
    });
    const { container } = render(
      <TrustPanel report={report} loading={false} error={null} ruleUrl={() => 'https://example.org/'} nowMs={NOW} />,
    );
    expect(symbolsIn(container.textContent ?? '')).toEqual([]);
    const tags = [...container.querySelectorAll('.tp-tag')];
    expect(tags.length).toBeGreaterThan(3);
    for (const tag of tags) expect(tag.querySelector('svg.tp-icon'), tag.outerHTML).not.toBeNull();
  });

  it('the badge, loading and at every level, draws its icon and says its word', () => {
    const { container } = render(
      <>
        <TrustBadge verdict={null} loading />
        {VERDICT_LEVELS.map((level) => (
          <TrustBadge key={level} verdict={{ level, headline: 'h' }} />
        ))}
      </>,
    );
    const icons = [...container.querySelectorAll('[data-testid="trust-badge"] svg')].map((svg) => svg.getAttribute('data-icon'));
    expect(icons).toEqual(['pending', 'check', 'info', 'question', 'warning', 'cross']);
    expect(symbolsIn(container.textContent ?? '')).toEqual([]);
  });

  it('the stylesheet generates no content (CSS content: would need a font glyph too)', () => {
    const css = readFileSync(join(projectRoot, 'components/shared/styles.css'), 'utf8');
    expect(css.match(/^\s*content\s*:.*$/gm)).toBeNull();
  });
});
