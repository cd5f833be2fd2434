// Shared helpers of the report view: dates, numbers, level labels, and the few small pieces every
// section repeats (safe external link, truncated remote text, the collapsible section frame).
// Plain `h` instead of JSX so this file can stay a .ts module.
import { h, type ComponentChild, type ComponentChildren } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Level, Section, SeverityBand, SourceError, VerdictLevel } from '../../utils/contract/report';
import { verdictWord } from '../../utils/contract/levels';
import { Icon, type IconName, LEVEL_ICONS, levelIcon } from './icons';
import { compactNumber } from '../../utils/lib/numbers';
import { safeHttpsUrl } from '../../utils/lib/safe-url';
import { DAY_MS, HOUR_MS, MINUTE_MS, SECOND_MS } from '../../utils/lib/time';
import { plural } from '../../utils/lib/words';

// ---------------------------------------------------------------- dates and numbers

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function parseIso(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/** "Dec 6, 2024" in UTC, so every reader sees the date PyPI recorded; "unknown date" when unreadable. */
export function formatDate(iso: string | null | undefined): string {
  const date = parseIso(iso);
  if (!date) return 'unknown date';
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}, ${date.getUTCFullYear()}`;
}

/** "Dec 6, 2024, 00:58 UTC": the exact moment, for `title` attributes. */
export function formatDateTime(iso: string | null | undefined): string {
  const date = parseIso(iso);
  if (!date) return 'unknown date';
  const hhmm = `${pad2(date.getUTCHours())}:${pad2(date.getUTCMinutes())}`;
  return `${formatDate(iso)}, ${hhmm} UTC`;
}

/** "14:05" in the reader's local time (rate-limit resets are read against the reader's clock). */
export function formatClock(iso: string | null | undefined): string | null {
  const date = parseIso(iso);
  return date ? `${pad2(date.getHours())}:${pad2(date.getMinutes())}` : null;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

const UNITS: [limitMs: number, unitMs: number, name: string][] = [
  [HOUR_MS, MINUTE_MS, 'minute'],
  [DAY_MS, HOUR_MS, 'hour'],
  [30 * DAY_MS, DAY_MS, 'day'],
  [365 * DAY_MS, 30 * DAY_MS, 'month'],
  [Infinity, 365 * DAY_MS, 'year'],
];

/** "3 months ago", "yesterday", "just now"; `nowMs` is passed in so the output is testable. */
export function relativeTime(iso: string | null | undefined, nowMs: number): string {
  const date = parseIso(iso);
  if (!date) return 'unknown';
  const seconds = Math.round((nowMs - date.getTime()) / SECOND_MS);
  if (seconds < -60) return 'in the future';
  if (seconds < 60) return 'just now';
  // Whole seconds, so the boundaries fall where they did when this counted in seconds.
  const elapsed = seconds * SECOND_MS;
  for (const [limit, unit, name] of UNITS) {
    if (elapsed < limit) {
      const n = Math.max(1, Math.floor(elapsed / unit));
      if (name === 'day' && n === 1) return 'yesterday';
      return `${plural(n, name)} ago`;
    }
  }
  return 'unknown';
}

/** A repository's counts as GitHub writes them: 999 → "999", 12_345 → "12.3k", 2_400_000 → "2.4M"; "—" for none. */
export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return compactNumber(n, { thousands: 'k' });
}

// ---------------------------------------------------------------- levels

export type LevelLabel = { icon: IconName; word: string };

/** One finding's word: findings are observations, not verdicts, so good/info read differently. */
const FINDING_WORDS: Record<Level, string> = { good: 'Good', info: 'Note', caution: 'Caution', danger: 'Danger' };

/** The verdict's icon and word (the word from contract/levels, as the headline has it). */
export function verdictLabel(level: VerdictLevel): LevelLabel {
  const shown = LEVEL_ICONS[level] === undefined ? 'unknown' : level;
  return { icon: LEVEL_ICONS[shown], word: verdictWord(shown) };
}

export function findingLabel(level: Level): LevelLabel {
  const shown = FINDING_WORDS[level] === undefined ? 'info' : level;
  return { icon: LEVEL_ICONS[shown], word: FINDING_WORDS[shown] };
}

const SEVERITY: Record<SeverityBand, { level: VerdictLevel; word: string }> = {
  critical: { level: 'danger', word: 'Critical' },
  high: { level: 'danger', word: 'High' },
  medium: { level: 'caution', word: 'Medium' },
  low: { level: 'info', word: 'Low' },
  none: { level: 'info', word: 'No severity' },
  unknown: { level: 'unknown', word: 'Unknown severity' },
};

export function severityLabel(band: SeverityBand): { level: VerdictLevel; icon: IconName; word: string } {
  const entry = SEVERITY[band] ?? SEVERITY.unknown;
  return { ...entry, icon: verdictLabel(entry.level).icon };
}

/** An icon (the level's own shape unless `icon` names another) followed by the word; the word alone is read out. */
export function LevelTag(props: { level: VerdictLevel; icon?: IconName; word: string; class?: string }): ComponentChild {
  const icon = props.icon ?? levelIcon(props.level);
  return h('span', { class: `tp-tag tp-level--${props.level} ${props.class ?? ''}`.trim() }, [h(Icon, { name: icon }), ' ', props.word]);
}

// ---------------------------------------------------------------- links and remote text

/** An external link, only when the URL is plain https:; otherwise the text alone. */
export function ExternalLink(props: { url: string | null | undefined; children: ComponentChildren; class?: string }): ComponentChild {
  const href = safeHttpsUrl(props.url);
  if (!href) return h('span', { class: props.class }, props.children);
  return h('a', { href, target: '_blank', rel: 'noopener noreferrer', class: props.class }, props.children);
}

export const TRUNCATE_AT = 300;

/** Cut to `limit` code points with an ellipsis, for places a toggle cannot go (inside a link). */
export function clip(text: string, limit: number): string {
  const shown = visibleText(text);
  const chars = Array.from(shown);
  return chars.length <= limit ? shown : `${chars.slice(0, limit).join('').trimEnd()}…`;
}

/** Bidi controls (U+202E…) make remote text display in another order than it reads ("gnp.exe" shows as "exe.png"). */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** Remote text as the reader should see it: each bidi control becomes a visible replacement mark (U+FFFD). */
export function visibleText(text: string): string {
  return text.replace(BIDI_CONTROLS, '\uFFFD');
}

/** Remote text, rendered as text; longer than `limit` characters it folds behind a "show more" toggle. */
export function Truncated(props: { text: string | null | undefined; limit?: number }): ComponentChild {
  const [expanded, setExpanded] = useState(false);
  const text = visibleText(props.text ?? '');
  const limit = props.limit ?? TRUNCATE_AT;
  if (text.length <= limit || Array.from(text).length <= limit) return h('span', { class: 'tp-text' }, text);
  // clip cuts on a code-point boundary so an emoji or astral character is never split in half.
  const shown = expanded ? text : clip(text, limit);
  return h('span', { class: 'tp-text' }, [
    shown,
    ' ',
    h(
      'button',
      { type: 'button', class: 'tp-linkbutton', 'aria-expanded': expanded, onClick: () => setExpanded(!expanded) },
      expanded ? 'show less' : 'show more',
    ),
  ]);
}

/** A `<time>` with a relative or short text, the exact UTC moment on hover. */
export function TimeText(props: { iso: string | null | undefined; text: string; fact?: string }): ComponentChild {
  if (!parseIso(props.iso)) return h('span', { 'data-fact': props.fact }, props.text);
  return h('time', { dateTime: props.iso, title: formatDateTime(props.iso), 'data-fact': props.fact }, props.text);
}

// ---------------------------------------------------------------- errors and section frame

const ERROR_TITLES: Record<SourceError['kind'], string> = {
  'not-found': 'Not found',
  'rate-limited': 'Rate limit reached',
  offline: 'Offline',
  timeout: 'Timed out',
  upstream: 'Service error',
  malformed: 'Unexpected response',
};

/** What the reader can do about an error: when to retry, or why not. */
export function errorHint(error: SourceError): string | null {
  switch (error.kind) {
    case 'rate-limited': {
      const clock = formatClock(error.retryAt);
      return clock ? `resets at ${clock}` : 'try again later';
    }
    case 'upstream':
      return 'The service had a problem; try again in a few minutes.';
    case 'timeout':
      return 'The service did not answer in time; try again later.';
    case 'offline':
      return 'Check your connection, then try again.';
    case 'not-found':
      return 'The service has no record of this.';
    default:
      return null;
  }
}

const RETRYABLE = new Set<SourceError['kind']>(['upstream', 'timeout', 'offline', 'rate-limited']);

export function ErrorNotice(props: { error: SourceError; onRetry?: () => void }): ComponentChild {
  const { error } = props;
  const hint = errorHint(error);
  return h('div', { class: 'tp-error', 'data-error-kind': error.kind }, [
    h('p', null, [
      h(LevelTag, { level: 'caution', word: ERROR_TITLES[error.kind] ?? 'Error' }),
      ': ',
      h(Truncated, { text: error.message }),
    ]),
    hint ? h('p', { class: 'tp-muted' }, hint) : null,
    props.onRetry && RETRYABLE.has(error.kind)
      ? h('button', { type: 'button', class: 'tp-button', onClick: props.onRetry }, 'Try again')
      : null,
  ]);
}

export type SectionId = 'repository' | 'releases' | 'advisories' | 'provenance' | 'identity' | 'code' | 'dependencies';

/** What the panel adds to a section: whether it opens by itself, and the findings that belong to it. */
export type SectionChrome = {
  /** Opens the section (it never closes it again: a reader's toggle stands). */
  open?: boolean;
  /** The section's findings (worst first), above its facts. */
  findings?: ComponentChildren;
};

/**
 * One collapsible report section with its state hooks. `section` null means still loading.
 * `children` renders the ok data. Closed unless `open` (the worst facet's section); the reader toggles it.
 */
export function SectionFrame<T>(
  props: SectionChrome & {
    id: SectionId;
    title: string;
    section: Section<T> | null;
    onRetry?: () => void;
    children: (data: T) => ComponentChildren;
  },
): ComponentChild {
  const { section } = props;
  const ref = useRef<HTMLDetailsElement>(null);
  // Not an attribute Preact diffs: a later render (the code checks arriving) must not close what the reader opened.
  useLayoutEffect(() => {
    if (props.open && ref.current) ref.current.open = true;
  }, [props.open]);
  const state = section === null ? 'loading' : section.state;
  let body: ComponentChildren;
  if (section === null) body = h('p', { class: 'tp-muted' }, 'Checking…');
  else if (section.state === 'disabled') body = h('p', { class: 'tp-muted' }, 'Turned off in settings');
  else if (section.state === 'error') body = h(ErrorNotice, { error: section.error, onRetry: props.onRetry });
  else body = props.children(section.data);
  return h('details', { ref, class: 'tp-section', 'data-section': props.id, 'data-state': state, 'aria-busy': state === 'loading' }, [
    h('summary', { class: 'tp-section__summary' }, h('h3', { class: 'tp-section__title' }, props.title)),
    h('div', { class: 'tp-section__body' }, [props.findings ?? null, body]),
  ]);
}
