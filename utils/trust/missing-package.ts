// Judgement for a name PyPI does not have. Removed packages are exactly the ones a user copies from
// an old tutorial, and OSV keeps the MAL- records of the malicious ones after PyPI deletes them.
import { verdictWord } from '../contract/levels';
import type { Advisory, TyposquatCandidate, Verdict } from '../contract/report';
import { howItResembles } from '../contract/typosquat-words';
import { groupDigits } from '../lib/numbers';

/** A missing name that resembles a popular one is a name an attacker can register: say which and how. */
function resembles(name: string, didYouMean: TyposquatCandidate | null | undefined): string {
  return didYouMean ? ` Its name ${howItResembles(didYouMean)} ${didYouMean.name} (#${groupDigits(didYouMean.rank)} most downloaded).` : '';
}

export function judgeMissingPackage(
  name: string,
  malicious: Pick<Advisory, 'id' | 'summary'>[],
  osv: { state: 'ok' } | { state: 'disabled' } | { state: 'error'; message: string },
  didYouMean?: TyposquatCandidate | null,
  /** The resemblance is a weak one (real projects are often named so): "if you meant", not "most likely". */
  weak = false,
): Verdict {
  const like = resembles(name, didYouMean);
  if (malicious.length > 0) {
    const first = malicious[0]!;
    const what = first.summary ? `${first.id}: ${first.summary}` : first.id;
    const more = malicious.length > 1 ? ` (+${malicious.length - 1} more)` : '';
    return {
      level: 'danger',
      headline: `${verdictWord('danger')}: ${name} is not on PyPI — it was a known malicious package (${what}${more}). Do not install it from any index, mirror or cached file.${like}`,
    };
  }
  if (osv.state === 'ok') {
    return {
      level: 'caution',
      headline: didYouMean
        ? `${verdictWord('caution')}: ${name} is not on PyPI and OSV knows no malicious package of that name.${like} ${weak ? `If you meant ${didYouMean.name}, use that name` : `You most likely meant ${didYouMean.name}`}: anyone could register ${name} and make it a squat.`
        : `${verdictWord('caution')}: ${name} is not on PyPI and OSV knows no malicious package of that name. Check the spelling: anyone could register a missing name.`,
    };
  }
  const why = osv.state === 'disabled' ? 'OSV is turned off in settings' : osv.message;
  return {
    level: 'unknown',
    headline: `${verdictWord('unknown')}: ${name} is not on PyPI; whether it was a malicious package could not be checked (${why}).${like}`,
  };
}
