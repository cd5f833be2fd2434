// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { CadenceChart, describeCadence, releasesPerQuarter } from '../../../../components/panel/CadenceChart';
import type { ReleaseInfo } from '../../../../utils/contract/report';
import { luigiReleases } from '../synthetic-facts';
import { DAY_MS } from '../../../../utils/lib/time';

afterEach(cleanup);

function release(version: string, uploadedAt: string | null, yanked = false): ReleaseInfo {
  return { version, uploadedAt, fileCount: 1, yanked, yankedReason: null, isPrerelease: false };
}

describe('releasesPerQuarter on recorded luigi', () => {
  const facts = luigiReleases();
  const buckets = releasesPerQuarter(facts.releases, '3.6.0');

  it('spans 2012 Q4 to 2024 Q4 with empty quarters kept', () => {
    expect(buckets).toHaveLength(49);
    expect(buckets[0]!.key).toBe('2012-Q4');
    expect(buckets.at(-1)!.key).toBe('2024-Q4');
    expect(buckets.find((b) => b.key === '2021-Q1')!.count).toBe(0);
  });

  it('counts every dated release once (two luigi releases have no files, so no date)', () => {
    expect(buckets.reduce((sum, b) => sum + b.count, 0)).toBe(82);
    expect(buckets.find((b) => b.key === '2015-Q1')!.count).toBe(7);
    expect(buckets.find((b) => b.key === '2013-Q3')!.count).toBe(6);
  });

  it('marks the quarter of the viewed version only', () => {
    expect(buckets.filter((b) => b.hasViewed).map((b) => b.key)).toEqual(['2024-Q4']);
    expect(
      releasesPerQuarter(facts.releases, '3.5.0')
        .filter((b) => b.hasViewed)
        .map((b) => b.key),
    ).toEqual(['2024-Q1']);
  });

  it('summarises the chart in words', () => {
    expect(describeCadence(buckets, 84, '3.6.0')).toBe(
      '84 releases from 2012 to 2024; busiest quarter 2015 Q1 with 7 releases; viewed version 3.6.0 released in 2024 Q4.',
    );
  });
});

describe('releasesPerQuarter on synthetic releases', () => {
  it('buckets by UTC quarter boundaries and counts yanked releases', () => {
    const buckets = releasesPerQuarter(
      [
        release('1.0', '2020-03-31T23:59:59Z'),
        release('1.1', '2020-04-01T00:00:00Z', true),
        release('1.2', '2020-06-30T12:00:00Z'),
        release('2.0', '2021-01-01T00:00:00Z'),
        release('2.1', null),
      ],
      '1.2',
    );
    expect(buckets.map((b) => [b.key, b.count, b.yankedCount, b.hasViewed])).toEqual([
      ['2020-Q1', 1, 0, false],
      ['2020-Q2', 2, 1, true],
      ['2020-Q3', 0, 0, false],
      ['2020-Q4', 0, 0, false],
      ['2021-Q1', 1, 0, false],
    ]);
  });

  it('returns nothing when no release has an upload date', () => {
    expect(releasesPerQuarter([release('1.0', null), release('1.1', 'garbage')], '1.0')).toEqual([]);
  });

  it('handles thousands of releases in one linear pass', () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      release(`0.${i}`, new Date(Date.UTC(2010, 0, 1) + i * DAY_MS).toISOString(), i % 100 === 0),
    );
    const buckets = releasesPerQuarter(many, '0.4999');
    expect(buckets.reduce((sum, b) => sum + b.count, 0)).toBe(5000);
    expect(buckets.reduce((sum, b) => sum + b.yankedCount, 0)).toBe(50);
    expect(buckets.at(-1)!.hasViewed).toBe(true);
  });

  it('caps a hostile date range to 400 quarters', () => {
    const buckets = releasesPerQuarter([release('0.1', '0001-01-01T00:00:00Z'), release('9.9', '2024-01-01T00:00:00Z')], '9.9');
    expect(buckets).toHaveLength(400);
    expect(buckets.at(-1)!.key).toBe('2024-Q1');
  });
});

describe('<CadenceChart>', () => {
  it('is an image labelled by its title and described by its summary', () => {
    render(<CadenceChart releases={luigiReleases().releases} viewedVersion="3.6.0" />);
    const svg = screen.getByRole('img', { name: 'Releases per quarter' });
    const descId = svg.getAttribute('aria-describedby')!;
    expect(svg.querySelector(`[id="${descId}"]`)!.textContent).toMatch(/^84 releases from 2012 to 2024/);
    // One bar per non-empty quarter, the viewed one highlighted and marked.
    const viewed = svg.querySelector('[data-viewed]')!;
    expect(viewed.getAttribute('data-quarter')).toBe('2024-Q4');
    expect(viewed.querySelector('.tp-chart__bar--viewed')).not.toBeNull();
    expect(viewed.querySelector('[data-marker="viewed"]')).not.toBeNull();
    expect(svg.querySelectorAll('[data-marker="viewed"]')).toHaveLength(1);
    // Year labels are sparse and the y axis names the busiest quarter's count.
    const labels = [...svg.querySelectorAll('text')].map((t) => t.textContent);
    expect(labels[0]).toBe('7');
    expect(labels.slice(1)).toEqual(['2014', '2016', '2018', '2020', '2022', '2024']);
  });

  it('marks quarters with yanked releases by a marker, not colour alone', () => {
    const { container } = render(
      <CadenceChart
        releases={[release('1.0', '2020-01-05T00:00:00Z', true), release('1.1', '2020-05-05T00:00:00Z')]}
        viewedVersion="1.1"
      />,
    );
    const yanked = container.querySelectorAll('[data-marker="yanked"]');
    expect(yanked).toHaveLength(1);
    expect(yanked[0]!.closest('[data-quarter]')!.getAttribute('data-quarter')).toBe('2020-Q1');
    expect(container.textContent).toContain('× yanked');
  });

  it('says so instead of drawing an empty chart', () => {
    const { container } = render(<CadenceChart releases={[release('1.0', null)]} viewedVersion="1.0" />);
    expect(container.querySelector('svg')).toBeNull();
    expect(container.textContent).toBe('No upload dates to chart.');
  });
});
