// The rules page (rules.html): every trust rule's id, rationale and thresholds, rendered from the rules
// themselves (entrypoints/rules/main.tsx passes ruleDocs()) so the documentation is never written twice.
import { VERDICT_LEVELS, verdictWord } from '../../utils/contract/levels';
import type { VerdictLevel } from '../../utils/contract/report';
import { groupDigits } from '../../utils/lib/numbers';

/** What the page shows of a rule: the fields of utils/trust's RuleDoc, stated here so the page needs no trust/. */
export type RuleDescription = {
  id: string;
  title: string;
  rationale: string;
  thresholds: { name: string; value: number; unit: string; reason: string }[];
};

const MEANINGS: Record<VerdictLevel, string> = {
  danger: 'a known, serious problem: do not install without understanding it',
  caution: 'something to look at before you install',
  unknown: 'the release data itself could not be loaded',
  info: 'nothing wrong was found; notes worth knowing, or some sources could not be checked',
  good: 'every source was checked and there is positive evidence, such as attested files',
};
/** Worst first, as the verdict ranks them. */
const LEVELS = [...VERDICT_LEVELS].reverse().map((level) => ({ level, meaning: MEANINGS[level] }));

export function RulesPage({ rules }: { rules: RuleDescription[] }) {
  return (
    <main class="rules-page">
      <h1>How PyPI Trust Panel judges a package</h1>
      <p>
        Each rule below looks at facts gathered from PyPI, OSV, GitHub and deps.dev and may report findings. The verdict is the worst
        finding; a danger verdict always names its cause. When a source could not be checked, the verdict says so and is never better than “
        {verdictWord('info')}”.
      </p>
      <table>
        <caption>Verdicts</caption>
        <thead>
          <tr>
            <th scope="col">Verdict</th>
            <th scope="col">Meaning</th>
          </tr>
        </thead>
        <tbody>
          {LEVELS.map(({ level, meaning }) => (
            <tr key={level}>
              <th scope="row" class={`level level--${level}`}>
                {verdictWord(level)}
              </th>
              <td>{meaning}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav aria-label="Rules">
        <h2>Rules</h2>
        <ul>
          {rules.map((rule) => (
            <li key={rule.id}>
              <a href={`#${rule.id}`}>{rule.title}</a>
            </li>
          ))}
        </ul>
      </nav>
      {rules.map((rule) => (
        <RuleSection key={rule.id} rule={rule} />
      ))}
    </main>
  );
}

function RuleSection({ rule }: { rule: RuleDescription }) {
  return (
    <section id={rule.id} aria-labelledby={`${rule.id}-title`}>
      <h2 id={`${rule.id}-title`}>{rule.title}</h2>
      <p class="rule-id">
        Rule <code>{rule.id}</code>
      </p>
      <p>{rule.rationale}</p>
      {rule.thresholds.length > 0 ? (
        <table>
          <caption>Thresholds</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Value</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {rule.thresholds.map((t) => (
              <tr key={t.name}>
                <th scope="row">
                  <code>{t.name}</code>
                </th>
                <td>
                  {groupDigits(t.value)} {t.unit}
                </td>
                <td>{t.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="no-thresholds">No numeric thresholds: the rule reports what the source says.</p>
      )}
    </section>
  );
}
