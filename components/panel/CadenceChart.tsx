// Releases per quarter over the project's life, as a small inline SVG. The viewed version's quarter
// has its own colour and a triangle marker; quarters with yanked releases carry a × marker (never colour alone).
import { useId } from 'preact/hooks';
import type { ReleaseInfo } from '../../utils/contract/report';
import { plural } from '../../utils/lib/words';

export type QuarterBucket = {
  year: number;
  /** 1–4 */
  quarter: number;
  /** "2024-Q4" */
  key: string;
  count: number;
  yankedCount: number;
  hasViewed: boolean;
};

/** A hostile or broken date range must not draw thousands of bars: keep the most recent 100 years. */
const MAX_QUARTERS = 400;

const WIDTH = 260;
const HEIGHT = 60;
const PLOT_LEFT = 18; // room for the y max label
const PLOT_TOP = 8; // row for the viewed-version marker
const PLOT_BOTTOM = 42; // x axis
const YANKED_ROW = 47; // × markers sit under the axis
const LABEL_BASELINE = 58;
const MIN_LABEL_GAP = 26; // px between year labels so they never overlap

/**
 * Pure: releases → one bucket per calendar quarter (UTC) from the first to the last upload,
 * empty quarters included so the x axis is time. Releases without an upload date are skipped.
 * One pass to find the range, one to count: linear in the number of releases.
 */
export function releasesPerQuarter(releases: readonly ReleaseInfo[], viewedVersion: string): QuarterBucket[] {
  const indices: number[] = new Array(releases.length);
  let first = Infinity;
  let last = -Infinity;
  releases.forEach((release, i) => {
    const ms = release.uploadedAt ? Date.parse(release.uploadedAt) : NaN;
    if (Number.isNaN(ms)) {
      indices[i] = NaN;
      return;
    }
    const date = new Date(ms);
    const index = date.getUTCFullYear() * 4 + Math.floor(date.getUTCMonth() / 3);
    indices[i] = index;
    if (index < first) first = index;
    if (index > last) last = index;
  });
  if (!Number.isFinite(first)) return [];
  first = Math.max(first, last - MAX_QUARTERS + 1);

  const buckets: QuarterBucket[] = [];
  for (let index = first; index <= last; index++) {
    const year = Math.floor(index / 4);
    const quarter = (index % 4) + 1;
    buckets.push({ year, quarter, key: `${year}-Q${quarter}`, count: 0, yankedCount: 0, hasViewed: false });
  }
  releases.forEach((release, i) => {
    const bucket = buckets[(indices[i] ?? NaN) - first];
    if (!bucket) return;
    bucket.count += 1;
    if (release.yanked) bucket.yankedCount += 1;
    if (release.version === viewedVersion) bucket.hasViewed = true;
  });
  return buckets;
}

function quarterName(bucket: QuarterBucket): string {
  return `${bucket.year} Q${bucket.quarter}`;
}

/** The chart's text alternative: what a sighted reader takes from it at a glance. */
export function describeCadence(buckets: readonly QuarterBucket[], releaseCount: number, viewedVersion: string): string {
  if (buckets.length === 0) return 'No upload dates to chart.';
  const firstYear = buckets[0]!.year;
  const lastYear = buckets[buckets.length - 1]!.year;
  const busiest = buckets.reduce((best, b) => (b.count > best.count ? b : best), buckets[0]!);
  const viewed = buckets.find((b) => b.hasViewed);
  const yanked = buckets.reduce((sum, b) => sum + b.yankedCount, 0);
  const span = firstYear === lastYear ? `in ${firstYear}` : `from ${firstYear} to ${lastYear}`;
  const parts = [
    `${plural(releaseCount, 'release')} ${span}`,
    `busiest quarter ${quarterName(busiest)} with ${plural(busiest.count, 'release')}`,
  ];
  if (viewed) parts.push(`viewed version ${viewedVersion} released in ${quarterName(viewed)}`);
  if (yanked > 0) parts.push(`${plural(yanked, 'release')} yanked`);
  return `${parts.join('; ')}.`;
}

const YEAR_STEPS = [1, 2, 5, 10, 20, 50, 100];

/** Year labels on the first quarter of every 1st/2nd/5th… year, spaced at least MIN_LABEL_GAP apart. */
function yearLabels(buckets: readonly QuarterBucket[], barWidth: number): { x: number; year: number }[] {
  const step = YEAR_STEPS.find((s) => s * 4 * barWidth >= MIN_LABEL_GAP) ?? 100;
  const labels: { x: number; year: number }[] = [];
  buckets.forEach((bucket, i) => {
    const x = PLOT_LEFT + i * barWidth;
    if (bucket.quarter === 1 && bucket.year % step === 0 && x <= WIDTH - 18) labels.push({ x, year: bucket.year });
  });
  // A project younger than one step still gets its start year.
  if (labels.length === 0 && buckets[0]) labels.push({ x: PLOT_LEFT, year: buckets[0].year });
  return labels;
}

export type CadenceChartProps = {
  releases: readonly ReleaseInfo[];
  viewedVersion: string;
};

export function CadenceChart({ releases, viewedVersion }: CadenceChartProps) {
  const id = useId();
  const buckets = releasesPerQuarter(releases, viewedVersion);
  const summary = describeCadence(buckets, releases.length, viewedVersion);
  if (buckets.length === 0) return <p class="tp-muted">{summary}</p>;

  const max = Math.max(...buckets.map((b) => b.count));
  const barWidth = (WIDTH - PLOT_LEFT) / buckets.length;
  const gap = barWidth >= 4 ? 1 : 0;
  const plotHeight = PLOT_BOTTOM - PLOT_TOP;
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;

  return (
    <figure class="tp-chart" data-testid="cadence-chart">
      <svg
        role="img"
        aria-labelledby={titleId}
        aria-describedby={descId}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width={WIDTH}
        height={HEIGHT}
        class="tp-chart__svg"
      >
        <title id={titleId}>Releases per quarter</title>
        <desc id={descId}>{summary}</desc>
        <text class="tp-chart__label" x={PLOT_LEFT - 3} y={PLOT_TOP + 7} text-anchor="end">
          {max}
        </text>
        <line class="tp-chart__grid" x1={PLOT_LEFT} x2={WIDTH} y1={PLOT_TOP} y2={PLOT_TOP} />
        <line class="tp-chart__axis" x1={PLOT_LEFT} x2={WIDTH} y1={PLOT_BOTTOM} y2={PLOT_BOTTOM} />
        {buckets.map((bucket, i) => {
          if (bucket.count === 0) return null;
          const height = Math.max(1, (bucket.count / max) * plotHeight);
          const x = PLOT_LEFT + i * barWidth;
          const centre = x + barWidth / 2;
          const tooltip = `${quarterName(bucket)}: ${plural(bucket.count, 'release')}${
            bucket.yankedCount ? `, ${bucket.yankedCount} yanked` : ''
          }${bucket.hasViewed ? ` (includes ${viewedVersion})` : ''}`;
          return (
            <g key={bucket.key} data-quarter={bucket.key} data-count={bucket.count} data-viewed={bucket.hasViewed || undefined}>
              <title>{tooltip}</title>
              <rect
                class={bucket.hasViewed ? 'tp-chart__bar tp-chart__bar--viewed' : 'tp-chart__bar'}
                x={x}
                y={PLOT_BOTTOM - height}
                width={Math.max(0.5, barWidth - gap)}
                height={height}
              />
              {bucket.hasViewed && (
                <path class="tp-chart__viewed" data-marker="viewed" d={`M${centre - 3},0 L${centre + 3},0 L${centre},6 Z`} />
              )}
              {bucket.yankedCount > 0 && (
                <path
                  class="tp-chart__yanked"
                  data-marker="yanked"
                  d={`M${centre - 2},${YANKED_ROW - 2} L${centre + 2},${YANKED_ROW + 2} M${centre + 2},${YANKED_ROW - 2} L${centre - 2},${YANKED_ROW + 2}`}
                />
              )}
            </g>
          );
        })}
        {yearLabels(buckets, barWidth).map(({ x, year }) => (
          <text key={year} class="tp-chart__label" x={x} y={LABEL_BASELINE}>
            {year}
          </text>
        ))}
      </svg>
      <figcaption class="tp-chart__legend" aria-hidden="true">
        {buckets.some((b) => b.hasViewed) && (
          <span class="tp-chart__key tp-chart__key--viewed">
            {/* The chart's own marker, drawn: a ▼ glyph is an empty box without a symbol font. */}
            <svg class="tp-icon" viewBox="0 0 6 6" width="0.6em" height="0.6em" aria-hidden="true" focusable="false">
              <path d="M0,0 L6,0 L3,6 Z" fill="currentColor" />
            </svg>{' '}
            viewed version
          </span>
        )}
        {buckets.some((b) => b.yankedCount > 0) && <span class="tp-chart__key tp-chart__key--yanked">× yanked</span>}
      </figcaption>
    </figure>
  );
}
