// pypi.org's 404 page for /project/<name>/: PyPI removes malware, so a missing project with an OSV
// MAL- record was most likely removed for it. Asks OSV by name only (no version exists any more).
import type { RemovedCheck } from '../contract/messages';
import { checkTyposquat } from '../analysis/typosquat';
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
    didYouMean: top?.index ? (checkTyposquat(name, top.index).candidates[0] ?? null) : null,
  };
}
