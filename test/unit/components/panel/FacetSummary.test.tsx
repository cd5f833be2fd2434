// @vitest-environment happy-dom
// The summary rows: a button per facet (icon of the state's own shape + word + reason) that opens its section.
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { FacetSummary } from '../../../../components/panel/FacetSummary';
import { checkingRows, type FacetRow } from '../../../../components/panel/summary';

afterEach(cleanup);

const rows: FacetRow[] = [
  {
    facet: 'advisories',
    title: 'Advisories',
    section: 'advisories',
    state: 'caution',
    reason: '8 advisories affect 3.12.15 — upgrade to ≥ 3.13.3',
  },
  { facet: 'provenance', title: 'Provenance', section: 'provenance', state: 'unchecked', reason: 'not checked: pypi.org answered 503' },
];

describe('<FacetSummary>', () => {
  it('shows each row as a button with its word and reason, never colour alone', () => {
    const { container } = render(<FacetSummary rows={rows} />);
    const buttons = [...container.querySelectorAll('button')];
    expect(buttons.map((b) => b.textContent)).toEqual([
      'Advisories Caution8 advisories affect 3.12.15 — upgrade to ≥ 3.13.3',
      'Provenance Not checkednot checked: pypi.org answered 503',
    ]);
    // Each state draws its own icon shape (the warning triangle, the dash).
    expect(container.querySelectorAll('[data-state="caution"] svg')).toHaveLength(1);
    expect(container.querySelectorAll('[data-state="unchecked"] svg')).toHaveLength(1);
    // The accessible name is the visible text (no aria-label that could differ from it).
    expect(buttons[0]!.hasAttribute('aria-label')).toBe(false);
  });

  it('a row opens its closed section', () => {
    const { container } = render(
      <div>
        <FacetSummary rows={rows} />
        <details data-section="advisories">
          <summary>Advisories</summary>
        </details>
      </div>,
    );
    const section = container.querySelector<HTMLDetailsElement>('[data-section="advisories"]')!;
    section.scrollIntoView = () => undefined;
    expect(section.open).toBe(false);
    fireEvent.click(container.querySelector('[data-facet="advisories"] button')!);
    expect(section.open).toBe(true);
  });

  it('before the report every facet reads "checking…"', () => {
    const { container } = render(<FacetSummary rows={checkingRows()} />);
    expect([...container.querySelectorAll('[data-facet]')].map((el) => el.getAttribute('data-state'))).toEqual(Array(7).fill('checking'));
  });
});
