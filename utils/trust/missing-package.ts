// Judgement for a name PyPI does not have. Removed packages are exactly the ones a user copies from
// an old tutorial, and OSV keeps the MAL- records of the malicious ones after PyPI deletes them.
import { verdictWord } from '../contract/levels';
import type { Advisory, Verdict } from '../contract/report';

export function judgeMissingPackage(
  name: string,
  malicious: Pick<Advisory, 'id' | 'summary'>[],
  osv: { state: 'ok' } | { state: 'disabled' } | { state: 'error'; message: string },
): Verdict {
  if (malicious.length > 0) {
    const first = malicious[0]!;
    const what = first.summary ? `${first.id}: ${first.summary}` : first.id;
    const more = malicious.length > 1 ? ` (+${malicious.length - 1} more)` : '';
    return {
      level: 'danger',
      headline: `${verdictWord('danger')}: ${name} is not on PyPI — it was a known malicious package (${what}${more}). Do not install it from any index, mirror or cached file.`,
    };
  }
  if (osv.state === 'ok') {
    return {
      level: 'caution',
      headline: `${verdictWord('caution')}: ${name} is not on PyPI and OSV knows no malicious package of that name. Check the spelling: anyone could register a missing name.`,
    };
  }
  const why = osv.state === 'disabled' ? 'OSV is turned off in settings' : osv.message;
  return {
    level: 'unknown',
    headline: `${verdictWord('unknown')}: ${name} is not on PyPI; whether it was a malicious package could not be checked (${why}).`,
  };
}
