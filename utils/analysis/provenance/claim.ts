// The claimed-repository check (PROVENANCE.md §3.5, a UI-layer warning): a verified attestation
// whose certificate names another repository than the one the project links becomes
// 'claim-mismatch' (caution). Renames count as the same repository, as the trust rules do.
import type { FileProvenance, ProvenanceFacts, RepositoryFacts, Section } from '../../contract/report';

/** Lower-cased owner/name spellings the project's link stands for (its GitHub full name and former name too). */
function linkedNames(repository: RepositoryFacts): { host: string; names: string[]; shown: string } | null {
  const link = repository.link;
  if (!link?.owner || !link.name || (link.host !== 'github' && link.host !== 'gitlab')) return null;
  const github = repository.github?.state === 'ok' ? repository.github.data : null;
  const names = [`${link.owner}/${link.name}`, github?.fullName, github?.renamedFrom]
    .filter((n): n is string => typeof n === 'string')
    .map((n) =>
      n
        .replace(/\.git$/i, '')
        .replace(/\/+$/, '')
        .toLowerCase(),
    );
  return { host: link.host, names, shown: `${link.host === 'github' ? 'github.com' : 'gitlab.com'}/${link.owner}/${link.name}` };
}

function checkFile(file: FileProvenance, linked: NonNullable<ReturnType<typeof linkedNames>>): FileProvenance {
  const { verification } = file;
  const identity = verification.identity;
  if (verification.state !== 'verified' || !identity?.forge || !identity.repository) return file;
  // GitHub slugs are case-insensitive; GitLab's are compared the same way (no false alarm on case).
  if (identity.forge === linked.host && linked.names.includes(identity.repository.toLowerCase())) return file;
  return { ...file, verification: { ...verification, state: 'claim-mismatch', claimedRepository: linked.shown } };
}

/** The provenance section with claim-mismatch applied; unchanged when the project links no forge repository. */
export function applyClaimedRepository(
  provenance: Section<ProvenanceFacts>,
  repository: Section<RepositoryFacts>,
): Section<ProvenanceFacts> {
  if (provenance.state !== 'ok' || repository.state !== 'ok') return provenance;
  const linked = linkedNames(repository.data);
  if (!linked) return provenance;
  return { ...provenance, data: { ...provenance.data, files: provenance.data.files.map((file) => checkFile(file, linked)) } };
}

/** owner/name of every file whose attestation verified: the only attestation evidence a repository link may rest on. */
export function verifiedRepositories(provenance: Section<ProvenanceFacts>): string[] {
  if (provenance.state !== 'ok') return [];
  return provenance.data.files.flatMap((f) =>
    (f.verification.state === 'verified' || f.verification.state === 'claim-mismatch') && f.verification.identity?.repository
      ? [f.verification.identity.repository]
      : [],
  );
}
