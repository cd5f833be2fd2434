// The report's icons, drawn as inline SVG: a font glyph (✓ ⚠ ⓘ ✗) shows as an empty box on a machine
// without a symbol font. Each level has its own outline and mark, so a state reads without its colour, and
// every stroke and fill is currentColor, so forced-colours mode (one system colour for all) keeps them apart.
import { h, type ComponentChild } from 'preact';
import type { VerdictLevel } from '../../utils/contract/report';

export type IconName = 'check' | 'info' | 'question' | 'warning' | 'cross' | 'pending' | 'dash';

type Part = { tag: 'circle' | 'path'; attrs: Record<string, string> };

const ring: Part = { tag: 'circle', attrs: { cx: '8', cy: '8', r: '6.5' } };
/** A mark's dot (of i, ? and !): filled, so it stays visible at 12 px. */
const dot = (cy: string): Part => ({ tag: 'circle', attrs: { cx: '8', cy, r: '1', fill: 'currentColor', stroke: 'none' } });

/** Drawn on a 16 × 16 grid with 1.6-unit round strokes; the outline tells the level apart as much as the mark. */
export const ICON_PARTS: Record<IconName, readonly Part[]> = {
  // good: a circle with a tick
  check: [ring, { tag: 'path', attrs: { d: 'M4.9 8.3l2.1 2.1 4.1-4.6' } }],
  // info: a circle with an i
  info: [ring, dot('5'), { tag: 'path', attrs: { d: 'M8 7.4v4' } }],
  // unknown: a dashed circle with a question mark (nothing solid is known)
  question: [
    { tag: 'circle', attrs: { ...ring.attrs, 'stroke-dasharray': '2.6 1.8' } },
    { tag: 'path', attrs: { d: 'M6.1 6.3a1.95 1.95 0 1 1 2.7 1.8c-.5.25-.8.65-.8 1.2v.3' } },
    dot('11.6'),
  ],
  // caution: a triangle with an exclamation mark
  warning: [{ tag: 'path', attrs: { d: 'M8 1.9l6.6 11.6H1.4z' } }, { tag: 'path', attrs: { d: 'M8 6.1v3.5' } }, dot('11.6')],
  // danger: an octagon (a stop sign) with a cross
  cross: [
    { tag: 'path', attrs: { d: 'M5.4 1.7h5.2l3.7 3.7v5.2l-3.7 3.7H5.4l-3.7-3.7V5.4z' } },
    { tag: 'path', attrs: { d: 'M5.8 5.8l4.4 4.4m0-4.4l-4.4 4.4' } },
  ],
  // still checking: a dotted circle, empty
  pending: [{ tag: 'circle', attrs: { ...ring.attrs, 'stroke-dasharray': '0.1 3.3' } }],
  // not checked: a circle with a bar
  dash: [ring, { tag: 'path', attrs: { d: 'M5 8h6' } }],
};

/** The shape each verdict level shows: five levels, five shapes. */
export const LEVEL_ICONS: Record<VerdictLevel, IconName> = {
  good: 'check',
  info: 'info',
  unknown: 'question',
  caution: 'warning',
  danger: 'cross',
};

export function levelIcon(level: VerdictLevel | 'loading'): IconName {
  return level === 'loading' ? 'pending' : (LEVEL_ICONS[level] ?? 'question');
}

/** The `<svg>` element's own attributes: decoration (the word beside it says it), sized by the text around it. */
const SVG_ATTRS = {
  viewBox: '0 0 16 16',
  width: '1em',
  height: '1em',
  fill: 'none',
  stroke: 'currentColor',
  'stroke-width': '1.6',
  'stroke-linecap': 'round',
  'stroke-linejoin': 'round',
  'aria-hidden': 'true',
  focusable: 'false',
} as const;

/** An icon, hidden from screen readers: always put a word next to it. */
export function Icon(props: { name: IconName; class?: string }): ComponentChild {
  const parts = ICON_PARTS[props.name] ?? ICON_PARTS.question;
  return h(
    'svg',
    { ...SVG_ATTRS, class: `tp-icon ${props.class ?? ''}`.trim(), 'data-icon': props.name },
    parts.map((part, i) => h(part.tag, { key: i, ...part.attrs })),
  );
}
