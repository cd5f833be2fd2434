// A section's findings, worst first: the title stays in view, the long explanation and its evidence wait behind
// "why" (a <details>, keyboard-reachable). The panel hands each section the findings of its facet.
import { worstFirst } from '../../utils/contract/levels';
import type { Finding } from '../../utils/contract/report';
import { ExternalLink, LevelTag, Truncated, clip, findingLabel } from '../shared/format';
import { safeRuleUrl } from './rule-link';

export function FindingList({ findings, ruleUrl, label }: { findings: Finding[]; ruleUrl: (ruleId: string) => string; label: string }) {
  if (findings.length === 0) return null;
  const sorted = [...findings].sort((a, b) => worstFirst(a.level, b.level));
  return (
    <ul class="tp-findings" aria-label={label}>
      {sorted.map((finding, i) => {
        const level = findingLabel(finding.level);
        const why = safeRuleUrl(ruleUrl(finding.rule));
        return (
          <li
            key={`${finding.rule}-${i}`}
            class={`tp-finding tp-finding--${finding.level}`}
            data-rule={finding.rule}
            data-level={finding.level}
          >
            <p class="tp-finding__title">
              <LevelTag level={finding.level} icon={level.icon} word={level.word} />{' '}
              <strong>
                <Truncated text={finding.title} limit={160} />
              </strong>
            </p>
            <details class="tp-finding__why">
              <summary class="tp-finding__why-toggle">why</summary>
              <p class="tp-finding__detail">
                <Truncated text={finding.detail} />
              </p>
              {(finding.evidence.length > 0 || why) && (
                <ul class="tp-evidence">
                  {finding.evidence.map((evidence, j) => (
                    <li key={j}>
                      <ExternalLink url={evidence.url}>{clip(evidence.label, 120)}</ExternalLink>
                    </li>
                  ))}
                  {why && (
                    <li>
                      <a href={why} target="_blank" rel="noopener noreferrer" class="tp-why">
                        Why this rule?
                      </a>
                    </li>
                  )}
                </ul>
              )}
            </details>
          </li>
        );
      })}
    </ul>
  );
}
