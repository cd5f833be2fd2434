// pypi.org's 404 page for /project/<name>/: PyPI removes malware, so a missing project with an OSV
// MAL- record was most likely removed for it. Asks OSV by name only (no version exists any more).
import type { RemovedCheck } from '../contract/messages';
import { checkTyposquat, type TyposquatIndex } from '../analysis/typosquat';
import { normalizePackageName } from '../lib/package-name';
import { queryOsvPackage } from '../sources/osv-batch';
import type { BuildDeps } from './build';

export async function checkRemovedPackage(deps: BuildDeps, name: string): Promise<RemovedCheck> {
  const [osvSection, top] = await Promise.all([
    deps.settings.sources.osv ? queryOsvPackage(deps.http, name) : Promise.resolve({ state: 'disabled' as const }),
    deps.identity ? deps.identity.topList() : Promise.resolve(null),
  ]);
  // A withdrawn MAL- entry was a false report: it accuses no one.
  const malicious =
    osvSection.state === 'ok'
      ? osvSection.data
          .filter((a) => a.malicious && a.withdrawn === null)
          .map((a) => ({ id: a.id, summary: a.summary, published: a.published, url: a.url }))
      : [];
  return {
    name,
    normalizedName: normalizePackageName(name),
    malicious,
    osv:
      osvSection.state === 'ok'
        ? { state: 'ok' }
        : osvSection.state === 'disabled'
          ? { state: 'disabled' }
          : { state: 'error', message: osvSection.error.message },
    ...didYouMean(name, top?.index ?? null),
  };
}

/** The strongest resemblance, else a weak one (said more softly): a missing name is one anyone can register. */
function didYouMean(name: string, index: TyposquatIndex | null): Pick<RemovedCheck, 'didYouMean' | 'didYouMeanWeak'> {
  if (!index) return { didYouMean: null };
  const facts = checkTyposquat(name, index);
  const strong = facts.candidates[0];
  if (strong) return { didYouMean: strong };
  const weak = facts.weak?.[0];
  return weak ? { didYouMean: weak, didYouMeanWeak: true } : { didYouMean: null };
}
