// The compact verdict beside the project title: colour + icon + one word, the headline as a tooltip
// on hover and on keyboard focus (aria-describedby, dismissible with Escape), click → onActivate.
import { useId, useState } from 'preact/hooks';
import type { Verdict } from '../../utils/contract/report';
import { clip, verdictLabel } from '../shared/format';
import { Icon } from '../shared/icons';

export type TrustBadgeProps = {
  verdict: Verdict | null;
  loading?: boolean;
  size?: 'normal' | 'compact';
  /** Called on click / Enter / Space; the content script scrolls to the panel. */
  onActivate?: () => void;
};

export function TrustBadge({ verdict, loading = false, size = 'normal', onActivate }: TrustBadgeProps) {
  const tooltipId = useId();
  const [dismissed, setDismissed] = useState(false);
  const isLoading = loading && verdict === null;
  const level = isLoading ? 'loading' : (verdict?.level ?? 'unknown');
  const label = verdictLabel(verdict?.level ?? 'unknown');
  const icon = isLoading ? 'pending' : label.icon;
  const word = isLoading ? 'Checking…' : label.word;
  const headline = isLoading
    ? 'PyPI Trust Panel is checking this package.'
    : (verdict?.headline ?? 'No verdict: the package could not be checked.');
  const classes = ['tp-badge', `tp-level--${level}`, size === 'compact' && 'tp-badge--compact', dismissed && 'tp-badge--dismissed'];

  return (
    <button
      type="button"
      class={classes.filter(Boolean).join(' ')}
      data-testid="trust-badge"
      data-level={level}
      aria-label={`${word}: PyPI Trust Panel verdict`}
      aria-describedby={tooltipId}
      aria-busy={isLoading}
      onClick={() => onActivate?.()}
      onKeyDown={(event) => {
        if (event.key === 'Escape') setDismissed(true);
      }}
      onMouseLeave={() => setDismissed(false)}
      onBlur={() => setDismissed(false)}
    >
      {/* Decoration only (aria-hidden): the visible word matches the accessible name. */}
      <Icon name={icon} />
      <span class="tp-badge__word" aria-hidden="true">
        {word}
      </span>
      {/* Inside the button so hovering the tooltip keeps it open (WCAG 1.4.13); kept out of the name by aria-label. */}
      <span role="tooltip" id={tooltipId} class="tp-tooltip">
        {clip(headline, 300)}
      </span>
    </button>
  );
}
