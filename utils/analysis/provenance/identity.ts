// The signer as the Fulcio certificate states it, the leaf-key checks sigstore-browser 0.1.14 leaves
// out (KeyUsage digitalSignature, EKU codeSigning), and the Trusted Publisher identity policies of
// pypi-attestations (GitHub, GitLab, Google) evaluated on the verified certificate.
import type { X509Certificate } from '@freedomofpress/sigstore-browser';
import type { CertificateIdentity } from '../../contract/report';

const OID_EXT_KEY_USAGE = '2.5.29.37';
const OID_CODE_SIGNING = '1.3.6.1.5.5.7.3.3';
export const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com';
export const GITLAB_ISSUER = 'https://gitlab.com';
export const GOOGLE_ISSUER = 'https://accounts.google.com';

export type SignerPolicy =
  | { kind: 'GitHub'; repository: string; workflow: string }
  | { kind: 'GitLab'; repository: string; workflowFilepath: string }
  | { kind: 'Google'; email: string }
  /** A plain Sigstore identity (SAN + issuer): the staging test vectors, not a Trusted Publisher. */
  | { kind: 'Identity'; subject: string; issuer: string };

/** A certificate accessor that throws on a malformed extension becomes "absent". */
function read(get: () => string | undefined): string | null {
  try {
    const value = get();
    return typeof value === 'string' && value.length > 0 ? value : null;
  } catch {
    return null;
  }
}

function forgeOf(repositoryUrl: string | null): { forge: CertificateIdentity['forge']; repository: string | null } {
  const match = repositoryUrl?.match(/^https:\/\/(github\.com|gitlab\.com)\/([^?#@\s]+?)\/?$/);
  if (!match) return { forge: null, repository: null };
  return { forge: match[1] === 'github.com' ? 'github' : 'gitlab', repository: match[2]! };
}

/** The workflow path inside the repository: ".github/workflows/x.yml" (GitHub), ".gitlab-ci.yml" (GitLab's "//"). */
function workflowPath(buildConfigUri: string | null, repositoryUrl: string | null): string | null {
  if (!buildConfigUri || !repositoryUrl || !buildConfigUri.startsWith(`${repositoryUrl}/`)) return null;
  const rest = buildConfigUri.slice(repositoryUrl.length).replace(/^\/+/, '');
  const at = rest.lastIndexOf('@');
  return (at >= 0 ? rest.slice(0, at) : rest) || null;
}

export function certificateIdentity(cert: X509Certificate): CertificateIdentity {
  const repositoryUrl = read(() => cert.extSourceRepositoryURI?.sourceRepositoryURI);
  const buildConfigUri = read(() => cert.extBuildConfigURI?.buildConfigURI);
  return {
    issuer: read(() => cert.extFulcioIssuerV2?.issuer) ?? read(() => cert.extFulcioIssuerV1?.issuer),
    subject: read(() => cert.subjectAltName),
    ...forgeOf(repositoryUrl),
    repositoryUrl,
    workflow: workflowPath(buildConfigUri, repositoryUrl),
    buildConfigUri,
    buildSignerUri: read(() => cert.extBuildSignerURI?.buildSignerURI),
    ref: read(() => cert.extSourceRepositoryRef?.sourceRepositoryRef),
    commit: read(() => cert.extSourceRepositoryDigest?.sourceRepositoryDigest),
    trigger: read(() => cert.extBuildTrigger?.buildTrigger),
    runUrl: read(() => cert.extRunInvocationURI?.runInvocationURI),
    runner: read(() => cert.extRunnerEnvironment?.runnerEnvironment),
    visibility: read(() => cert.extSourceRepositoryVisibility?.sourceRepositoryVisibility),
  };
}

/** sigstore-python's leaf checks: the key may sign (digitalSignature) and is for code signing (EKU). */
export function leafKeyUsageProblem(cert: X509Certificate): string | null {
  try {
    if (cert.extKeyUsage?.digitalSignature !== true) return 'The signing certificate does not allow digital signatures (KeyUsage).';
    const eku = cert.extension(OID_EXT_KEY_USAGE);
    const purposes = eku?.valueObj.subs[0]?.subs.map((oid) => oid.toOID()) ?? [];
    if (!purposes.includes(OID_CODE_SIGNING)) return 'The signing certificate is not a code-signing certificate (Extended Key Usage).';
    return null;
  } catch {
    return 'The signing certificate has unreadable key-usage extensions.';
  }
}

/** The Trusted Publisher policy for PyPI's (unsigned) publisher object; null for kinds we do not know. */
export function policyForPublisher(publisher: {
  kind: string;
  repository?: string | null;
  workflow?: string | null;
  workflow_filepath?: string | null;
  email?: string | null;
}): SignerPolicy | null {
  if (publisher.kind === 'GitHub' && publisher.repository && publisher.workflow) {
    return { kind: 'GitHub', repository: publisher.repository, workflow: publisher.workflow };
  }
  if (publisher.kind === 'GitLab' && publisher.repository && publisher.workflow_filepath) {
    return { kind: 'GitLab', repository: publisher.repository, workflowFilepath: publisher.workflow_filepath };
  }
  if (publisher.kind === 'Google' && publisher.email) return { kind: 'Google', email: publisher.email };
  return null;
}

/**
 * pypi-attestations' policies. GitHub / GitLab: issuer, Source Repository URI, and a Build Config
 * URI of `<repo>/.github/workflows/<workflow>@<suffix>` (GitLab: `<repo>//<path>@<suffix>`) where the
 * suffix is the certificate's own Source Repository Digest or Ref — either may be absent (a BCU
 * ending in `@<sha>` with no Ref extension is legitimate). Slugs compare exactly, as upstream does.
 * Returns null when the certificate satisfies the policy, else why not.
 */
export function policyProblem(identity: CertificateIdentity, policy: SignerPolicy): string | null {
  const expectIssuer = (issuer: string) =>
    identity.issuer === issuer ? null : `issued by ${identity.issuer ?? 'an unknown issuer'}, not ${issuer}`;
  switch (policy.kind) {
    case 'Identity':
      return (
        expectIssuer(policy.issuer) ??
        (identity.subject === policy.subject ? null : `signed by ${identity.subject ?? 'nobody'}, not ${policy.subject}`)
      );
    case 'Google':
      return (
        expectIssuer(GOOGLE_ISSUER) ??
        (identity.subject === policy.email ? null : `signed by ${identity.subject ?? 'nobody'}, not ${policy.email}`)
      );
    case 'GitHub':
    case 'GitLab': {
      const host = policy.kind === 'GitHub' ? 'https://github.com' : 'https://gitlab.com';
      const issuerProblem = expectIssuer(policy.kind === 'GitHub' ? GITHUB_ISSUER : GITLAB_ISSUER);
      if (issuerProblem) return issuerProblem;
      const repositoryUrl = `${host}/${policy.repository}`;
      if (identity.repositoryUrl !== repositoryUrl)
        return `built in ${identity.repositoryUrl ?? 'an unnamed repository'}, not ${repositoryUrl}`;
      const suffixes = [identity.commit, identity.ref].filter((s): s is string => s !== null);
      if (suffixes.length === 0) return 'the certificate names neither the commit nor the ref it was built from';
      const prefix =
        policy.kind === 'GitHub'
          ? `${repositoryUrl}/.github/workflows/${policy.workflow}@`
          : `${repositoryUrl}//${policy.workflowFilepath}@`;
      if (suffixes.some((suffix) => identity.buildConfigUri === `${prefix}${suffix}`)) return null;
      const wanted = policy.kind === 'GitHub' ? policy.workflow : policy.workflowFilepath;
      return `built by ${identity.buildConfigUri ?? 'an unnamed workflow'}, not by ${wanted}`;
    }
  }
}
