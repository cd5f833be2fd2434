import type { Evidence, FileProvenance, Finding, ProvenanceFacts, Publisher, RepositoryFacts } from '../../contract/report';
import {
  attestedWording,
  describeSigners,
  hasFailed,
  previousEvidence,
  previousSignerPhrase,
  previousVerified,
  signerPublishers,
} from '../provenance-support';
import { finding, okData, projectPage } from '../helpers';
import { plural } from '../../lib/words';
import type { Rule, TrustInput } from '../types';

const ID = 'provenance';
const NOT_VERIFIED = 'attested (signature not yet verified in the browser)';

/** PEP 740 attestations tie each file to the CI run that built it; a mismatch means the file is not what was attested. */
export const provenance: Rule = {
  id: ID,
  title: 'Provenance (PEP 740 attestations)',
  rationale: 'An attestation ties a file to the repository and workflow that built it; a missing or mismatching one breaks that link.',
  thresholds: [],
  evaluate(input) {
    const facts = okData(input.provenance);
    if (!facts || facts.files.length === 0) return [];
    const attested = facts.files.filter((f) => f.state === 'attested');
    const evidence = [...attested.map(provenanceEvidence), ...publisherEvidence(attested), projectPage(input)];
    const findings: Finding[] = [];

    const tampered = attested.filter((f) => f.digestMatch === false);
    if (tampered.length > 0) {
      const names = tampered.map((f) => f.filename).join(', ');
      const detail =
        'The attested statement names a different sha256 than the file PyPI serves: the file is not the one the publisher attested.';
      findings.push(finding(input, ID, 'danger', `Attestation does not match ${names}`, detail, evidence));
    }
    const mismatch = repositoryMismatch(okData(input.repository), attested);
    if (mismatch) {
      const detail =
        `The files were published from ${mismatch.attested}, but the project links ${mismatch.linked}. ` +
        'A moved or renamed repository looks the same; otherwise the link is not where the code is built.';
      findings.push(
        finding(input, ID, 'caution', `Attested repository ${mismatch.attested} differs from the linked ${mismatch.linked}`, detail, [
          ...evidence,
          { label: 'Linked repository', url: mismatch.linkUrl },
        ]),
      );
    }

    const covered = coverage(input, facts, evidence);
    return covered ? [...findings, covered] : findings;
  },
};

/** How many files are attested: good only when every file was checked and is attested intact. */
function coverage(input: TrustInput, facts: ProvenanceFacts, evidence: (Evidence | null)[]): Finding | null {
  const attested = facts.files.filter((f) => f.state === 'attested');
  const others = facts.files.filter((f) => f.state !== 'attested');
  // A failed verification is a danger finding of its own (provenance-verification).
  const intact = attested.every((f) => f.digestMatch !== false && !hasFailed(f));
  const publishers = describeSigners(attested) ?? describePublishers(attested);
  const attestedAs = attestedWording(attested) ?? NOT_VERIFIED;
  // Releases with dozens of wheels are checked only in part: never claim "all" for the rest.
  const unchecked = facts.uncheckedFileCount ?? 0;
  const { version } = facts;
  if (attested.length === 0) {
    const before = facts.previous.find((r) => r.attested)?.version ?? null;
    return noProvenance(
      input,
      version,
      others,
      before,
      [...evidence, ...previousEvidence(previousVerified(facts))],
      previousSignerPhrase(facts),
    );
  }
  if (others.length > 0) {
    return finding(
      input,
      ID,
      'info',
      `${attested.length} of ${plural(facts.files.length, 'file')} have provenance`,
      `${attested.length} ${attestedAs} by ${publishers}; without provenance: ${describeOthers(others)}.`,
      evidence,
    );
  }
  // Every file attested but one does not match: the danger finding says all there is to say.
  if (!intact) return null;
  if (unchecked > 0) {
    const title =
      attested.length === 1
        ? `The one checked file of ${version} has an attestation`
        : `All ${attested.length} checked files of ${version} have attestations`;
    const rest = `; ${plural(unchecked, 'more file')} ${unchecked === 1 ? 'was' : 'were'} not checked`;
    return finding(input, ID, 'info', title, `Each checked file is ${attestedAs} by ${publishers}${rest}.`, evidence);
  }
  const title =
    attested.length === 1 ? `The only file of ${version} has provenance` : `All ${attested.length} files of ${version} have provenance`;
  return finding(input, ID, 'good', title, `Every file is ${attestedAs}, published via Trusted Publishing by ${publishers}.`, evidence);
}

function noProvenance(
  input: TrustInput,
  version: string,
  files: FileProvenance[],
  attestedBefore: string | null,
  evidence: (Evidence | null)[],
  signerBefore: string | null = null,
): Finding {
  const unchecked = files.filter((f) => f.state === 'error');
  if (unchecked.length === files.length) {
    return finding(
      input,
      ID,
      'info',
      'Provenance could not be checked',
      `PyPI's Integrity API did not answer for ${describeOthers(files)}.`,
      evidence,
    );
  }
  // Earlier releases were attested and this one is not: the usual trace of a release made outside CI.
  if (attestedBefore !== null) {
    const detail = signerBefore
      ? `Previous releases were published by ${signerBefore} through Trusted Publishing (verified); ${version} was not. Check who uploaded it and how.`
      : `${attestedBefore} was published via Trusted Publishing; ${version} was not. Check who uploaded it and how.`;
    return finding(input, ID, 'caution', `${version} has no provenance, but ${attestedBefore} had`, detail, evidence);
  }
  return finding(
    input,
    ID,
    'info',
    `No provenance: the publisher did not use Trusted Publishing`,
    `None of the files of ${version} carries a PEP 740 attestation, so nothing ties them to a repository or build.`,
    evidence,
  );
}

function describeOthers(files: FileProvenance[]): string {
  return files.map((f) => (f.state === 'error' ? `${f.filename} (could not be checked)` : f.filename)).join(', ');
}

function publishersOf(files: FileProvenance[]): Publisher[] {
  const seen = new Map<string, Publisher>();
  for (const p of files.flatMap((f) => f.publishers)) seen.set(`${p.kind}|${p.repository}|${p.workflow}`, p);
  return [...seen.values()];
}

function describePublishers(files: FileProvenance[]): string {
  const described = publishersOf(files).map((p) =>
    [p.kind, p.repository, p.workflow ? `workflow ${p.workflow}` : null, p.environment ? `environment ${p.environment}` : null]
      .filter(Boolean)
      .join(' '),
  );
  return described.length > 0 ? described.join('; ') : 'an unnamed publisher';
}

function provenanceEvidence(file: FileProvenance): Evidence | null {
  return file.provenanceUrl ? { label: `Provenance of ${file.filename}`, url: file.provenanceUrl } : null;
}

function publisherEvidence(files: FileProvenance[]): (Evidence | null)[] {
  return publishersOf(files).map((p) => (p.url ? { label: `Publisher ${p.repository ?? p.kind}`, url: p.url } : null));
}

const FORGE_OF_KIND: Record<string, string | undefined> = { github: 'github', gitlab: 'gitlab' };

/** The attested publisher repository when it is on a forge and names none of the linked repository's names. */
function repositoryMismatch(repository: RepositoryFacts | null, attested: FileProvenance[]) {
  const link = repository?.link;
  if (!repository || !link?.owner || !link.name) return null;
  const github = okData(repository.github);
  const linkedNames = [`${link.owner}/${link.name}`, github?.fullName, github?.renamedFrom]
    .filter((n): n is string => typeof n === 'string')
    .map((n) => n.toLowerCase());
  for (const publisher of signerPublishers(attested, publishersOf)) {
    const forge = FORGE_OF_KIND[publisher.kind.toLowerCase()];
    if (!forge || !publisher.repository) continue;
    if (forge !== link.host || !linkedNames.includes(publisher.repository.toLowerCase())) {
      return { attested: publisher.repository, linked: `${link.owner}/${link.name}`, linkUrl: link.url };
    }
  }
  return null;
}
