// Synthetic facts for the typosquat rule: the same name judged as a young upload and as an established
// project. Only what the rule reads is filled in; every section is a well-formed contract value.
import type { ReleaseFacts, RepositoryFacts, Section, TyposquatFacts } from '../../utils/contract/report';
import type { TopListStatus } from '../../utils/contract/report';
import type { TrustInput } from '../../utils/trust/types';
import { DAY_MS } from '../../utils/lib/time';
import { syntheticHistory } from '../../test/support/release-facts';

export type Profile = { id: 'young' | 'established'; ageDays: number; releases: number; repository: 'none' | 'verified' };

export const PROFILES: Record<Profile['id'], Profile> = {
  young: { id: 'young', ageDays: 5, releases: 1, repository: 'none' },
  established: { id: 'established', ageDays: 3 * 365, releases: 20, repository: 'verified' },
};

/** Judged at a fixed instant: rules never read the clock. */
export const EVAL_NOW = '2026-04-15T00:00:00.000Z';

const ok = <T>(data: T): Section<T> => ({ state: 'ok', data, fetchedAt: EVAL_NOW, fromCache: false });

function releases(name: string, profile: Profile): ReleaseFacts {
  const first = Date.parse(EVAL_NOW) - profile.ageDays * DAY_MS;
  const step = profile.releases > 1 ? (profile.ageDays * DAY_MS) / profile.releases : 0;
  const list = Array.from({ length: profile.releases }, (_, i) => ({
    version: `1.${i}.0`,
    uploadedAt: new Date(first + i * step).toISOString(),
    fileCount: 2,
    yanked: false,
    yankedReason: null,
    isPrerelease: false,
  }));
  return syntheticHistory(name, list, list.at(-1)!.version);
}

function repository(name: string, profile: Profile): RepositoryFacts {
  if (profile.repository === 'none') {
    return {
      link: null,
      candidates: [],
      verification: { status: 'claimed', evidence: [] },
      github: null,
      depsDevProject: null,
      depsDevVersion: null,
    };
  }
  const url = `https://github.com/example/${name}`;
  const link = { host: 'github' as const, url, owner: 'example', name, subPath: null, label: 'Source' };
  return {
    link,
    candidates: [link],
    verification: { status: 'verified', evidence: [{ kind: 'attestation', detail: 'synthetic', url }] },
    github: null,
    depsDevProject: null,
    depsDevVersion: null,
  };
}

export function profileInput(name: string, typosquat: TyposquatFacts, topList: TopListStatus, profile: Profile): TrustInput {
  const facts = releases(name, profile);
  return {
    package: { name, normalizedName: name, viewedVersion: facts.viewedVersion, latestVersion: facts.latestVersion },
    releases: ok(facts),
    repository: ok(repository(name, profile)),
    advisories: ok({ viewedVersion: facts.viewedVersion, latestVersion: facts.latestVersion, advisories: [] }),
    provenance: { state: 'disabled' },
    identity: ok({ topList, typosquat, ownership: null }),
  };
}
