// One line per facet under the verdict (summary.ts says what each line says). A row is a button: it opens its
// section and moves there. The state is an icon of its own shape and a word: colour is never the only signal.
import { FACET_STATE_WORDS, type FacetState } from '../../utils/contract/facets';
import { clip } from '../shared/format';
import { Icon, type IconName, levelIcon } from '../shared/icons';
import type { FacetRow } from './summary';

const STATE_ICONS: Record<FacetState, IconName> = {
  good: levelIcon('good'),
  info: levelIcon('info'),
  caution: levelIcon('caution'),
  danger: levelIcon('danger'),
  unchecked: 'dash',
  checking: 'pending',
};

/** The section's level class: "not checked" reads as unknown, "checking" as loading (the panel's own states). */
const STATE_CLASSES: Record<FacetState, string> = {
  good: 'good',
  info: 'info',
  caution: 'caution',
  danger: 'danger',
  unchecked: 'unknown',
  checking: 'loading',
};

/** A reason longer than this is cut (with an ellipsis; the tooltip has it whole): the row stays one line. */
const REASON_LIMIT = 90;

/** Opens the row's section (a <details>) in the same shadow root and brings it into view. */
function openSection(event: Event, section: string) {
  const root = (event.currentTarget as Element).getRootNode() as ParentNode;
  const target = root.querySelector<HTMLDetailsElement>(`[data-section="${section}"]`);
  if (!target) return;
  target.open = true;
  target.scrollIntoView({ block: 'start', behavior: 'smooth' });
  target.querySelector<HTMLElement>('summary')?.focus({ preventScroll: true });
}

export function FacetSummary({ rows }: { rows: FacetRow[] }) {
  return (
    <ul class="tp-summary" aria-label="Summary" data-testid="facet-summary">
      {rows.map((row) => (
        <li key={row.facet} class={`tp-summary__row tp-level--${STATE_CLASSES[row.state]}`} data-facet={row.facet} data-state={row.state}>
          <button
            type="button"
            class="tp-summary__button"
            onClick={(event) => openSection(event, row.section)}
            // The name is the visible text (axe: label-content-name-mismatch); the full reason, when cut, is the tooltip.
            title={row.reason.length > REASON_LIMIT ? row.reason : undefined}
          >
            <span class="tp-summary__title">{row.title}</span>
            <span class="tp-summary__state">
              <Icon name={STATE_ICONS[row.state]} /> {FACET_STATE_WORDS[row.state]}
            </span>
            <span class="tp-summary__reason" data-fact="facet-reason">
              {clip(row.reason, REASON_LIMIT)}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
