// Which source repository a project claims (from its project links), and whether any evidence
// backs that claim. Pure: no I/O. The links come from PyPI JSON; the evidence from verified attestations and
// deps.dev. What the page shows is only a hint: its markup can be forged by the project's own README.
import type {
  DepsDevVersion,
  ProjectLink,
  RepositoryHost,
  RepositoryLink,
  RepositoryVerification,
  VerificationEvidence,
} from '../contract/report';
import { safeHttpsUrl, upgradeToHttps } from '../lib/safe-url';

/**
 * Labels in the order we trust them to name the code, after PyPI's own label normalisation
 * (lower-case, punctuation and whitespace removed). Then labels that merely mention code
 * ("GitHub: repo"), then the home page, then everything else (changelog, issues, CI…).
 */
const CODE_LABELS = ['source', 'sourcecode', 'repository', 'repo', 'code', 'github'];
const CODE_HINT = /source|repo|code|github|gitlab|git/;
const HOME_LABELS = ['homepage', 'home'];
const HOME_PAGE_LABEL = 'home_page';

/** First path segments on github.com that are GitHub's own pages, not a user or organisation. */
const GITHUB_RESERVED = new Set([
  'about',
  'apps',
  'blog',
  'codespaces',
  'collections',
  'contact',
  'customer-stories',
  'dashboard',
  'enterprise',
  'events',
  'explore',
  'features',
  'github-copilot',
  'issues',
  'join',
  'login',
  'marketplace',
  'new',
  'notifications',
  'orgs',
  'organizations',
  'pricing',
  'pulls',
  'readme',
  'search',
  'security',
  'settings',
  'site',
  'sponsors',
  'team',
  'topics',
  'trending',
  'users',
]);
const GITLAB_RESERVED = new Set(['-', 'explore', 'groups', 'help', 'users', 'dashboard', 'search', 'projects']);

// GitHub logins: letters, digits and single hyphens, at most 39 characters.
const GITHUB_OWNER = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}$/i;
// Repository names on the forges we know: letters, digits, '.', '_' and '-'.
const REPO_NAME = /^[A-Za-z0-9._-]{1,100}$/;
const FORGE_OWNER = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const SOURCEHUT_OWNER = /^~[a-z0-9_-]{1,64}$/i;

type Forge = { host: RepositoryHost; origin: string };
const FORGES: Record<string, Forge> = {
  'github.com': { host: 'github', origin: 'https://github.com' },
  'gitlab.com': { host: 'gitlab', origin: 'https://gitlab.com' },
  'codeberg.org': { host: 'codeberg', origin: 'https://codeberg.org' },
  'bitbucket.org': { host: 'bitbucket', origin: 'https://bitbucket.org' },
  'git.sr.ht': { host: 'sourcehut', origin: 'https://git.sr.ht' },
  'sr.ht': { host: 'sourcehut', origin: 'https://git.sr.ht' },
};

/** PyPI's label normalisation (PEP 753): lower-case, without punctuation and whitespace. */
export function normaliseLinkLabel(label: string): string {
  return label.toLowerCase().replace(/[\p{P}\p{S}\s]+/gu, '');
}

function labelRank(label: string): number {
  const normalised = label === HOME_PAGE_LABEL ? 'homepage' : normaliseLinkLabel(label);
  const exact = CODE_LABELS.indexOf(normalised);
  if (exact !== -1) return exact;
  if (CODE_HINT.test(normalised)) return CODE_LABELS.length;
  const home = HOME_LABELS.indexOf(normalised);
  return home !== -1 ? CODE_LABELS.length + 1 + home : CODE_LABELS.length + 1 + HOME_LABELS.length;
}

/** Turns the many ways people write a repository URL into one https URL we can parse. */
function toHttpsUrl(raw: string): URL | null {
  let text = raw.trim();
  if (text.length === 0 || text.length > 2048) return null;
  text = text.replace(/^git\+/i, '');
  const scp = /^git@([A-Za-z0-9.-]+):(.+)$/.exec(text); // git@github.com:owner/repo.git
  if (scp) text = `https://${scp[1]}/${scp[2]}`;
  if (/^git:\/\//i.test(text)) text = `https://${text.slice(6)}`;
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text) && /^(www\.)?[a-z0-9.-]+\.[a-z]{2,}\//i.test(text)) text = `https://${text}`;
  const safe = upgradeToHttps(text);
  if (safe === null) return null;
  try {
    return new URL(safe);
  } catch {
    return null;
  }
}

/**
 * The folder a link points into after a ref marker (tree/<ref>/…), or null at the repository root.
 * A link to a file (blob/<ref>/…/FILE) points into the file's folder.
 */
function subPathAfter(rest: string[], markers: string[], skip: number): string | null {
  if (rest.length <= skip || !markers.includes(rest[0] ?? '')) return null;
  let path = rest.slice(skip).filter((part) => part !== '.' && part !== '..');
  if (rest[0] === 'blob') path = path.slice(0, -1);
  return path.length > 0 ? path.join('/') : null;
}

/** Parses one link into a repository on a forge we know, or null (not a repository URL). */
export function parseRepositoryUrl(raw: string, label: string): RepositoryLink | null {
  const url = toHttpsUrl(raw);
  if (url === null) return null;
  const forge = FORGES[url.hostname.toLowerCase().replace(/^www\./, '')];
  if (!forge) return null;
  let segments: string[];
  try {
    segments = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return null;
  }
  const parsed = splitForgePath(forge.host, segments);
  if (parsed === null) return null;
  const repoUrl = safeHttpsUrl(`${forge.origin}/${parsed.owner}/${parsed.name}`);
  if (repoUrl === null) return null;
  return { host: forge.host, url: repoUrl, owner: parsed.owner, name: parsed.name, subPath: parsed.subPath, label };
}

type ForgePath = { owner: string; name: string; subPath: string | null };

function splitForgePath(host: RepositoryHost, segments: string[]): ForgePath | null {
  const stripGit = (name: string | undefined) => (name ?? '').replace(/\.git$/i, '');
  if (host === 'gitlab') {
    // Subgroups nest: group/sub/project, and GitLab's own pages start after a "-" segment.
    const dash = segments.indexOf('-');
    const repoPath = dash === -1 ? segments : segments.slice(0, dash);
    if (repoPath.length < 2 || GITLAB_RESERVED.has(repoPath[0]!.toLowerCase())) return null;
    const name = stripGit(repoPath[repoPath.length - 1]);
    const owners = repoPath.slice(0, -1);
    if (!REPO_NAME.test(name) || !owners.every((part) => FORGE_OWNER.test(part))) return null;
    const rest = dash === -1 ? [] : segments.slice(dash + 1);
    return { owner: owners.join('/'), name, subPath: subPathAfter(rest, ['tree', 'blob'], 2) };
  }
  const [owner = '', rawName, ...rest] = segments;
  const name = stripGit(rawName);
  if (!REPO_NAME.test(name) || name === '.' || name === '..') return null;
  switch (host) {
    case 'github':
      if (!GITHUB_OWNER.test(owner) || GITHUB_RESERVED.has(owner.toLowerCase())) return null;
      // GitHub names are case-insensitive: one spelling, so evidence compares equal.
      return { owner: owner.toLowerCase(), name: name.toLowerCase(), subPath: subPathAfter(rest, ['tree', 'blob'], 2) };
    case 'codeberg':
      if (!FORGE_OWNER.test(owner)) return null;
      return { owner, name, subPath: subPathAfter(rest, ['src'], 3) }; // src/branch/<ref>/<path>
    case 'bitbucket':
      if (!FORGE_OWNER.test(owner)) return null;
      return { owner, name, subPath: subPathAfter(rest, ['src'], 2) }; // src/<ref>/<path>
    case 'sourcehut':
      if (!SOURCEHUT_OWNER.test(owner)) return null;
      return { owner, name, subPath: subPathAfter(rest, ['tree'], 3) }; // tree/<ref>/item/<path>
    default:
      return null;
  }
}

/**
 * Every repository-looking link of a project, best label first, and the one we judge:
 * GitHub when there is one (we can check it), else the first other forge.
 */
export function resolveRepository(
  projectLinks: ProjectLink[],
  homePage: string | null,
): { link: RepositoryLink | null; candidates: RepositoryLink[] } {
  const labelled = projectLinks.map((link) => ({ label: link.label, url: link.url }));
  if (homePage) labelled.push({ label: HOME_PAGE_LABEL, url: homePage });
  const ranked = labelled
    .map((link, order) => ({ ...link, order, rank: labelRank(link.label) }))
    .sort((a, b) => a.rank - b.rank || a.order - b.order);

  const candidates: RepositoryLink[] = [];
  const seen = new Set<string>();
  for (const { label, url } of ranked) {
    if (typeof url !== 'string' || typeof label !== 'string') continue;
    const parsed = parseRepositoryUrl(url, label);
    if (parsed === null) continue;
    const key = `${parsed.url.toLowerCase()}#${parsed.subPath ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    candidates.push(parsed);
  }
  const link = candidates.find((c) => c.host === 'github') ?? candidates[0] ?? null;
  return { link, candidates };
}

export type VerificationInputs = {
  /** Publisher repositories from the viewed release's attestations, e.g. "psf/requests". */
  attestationRepositories: string[];
  depsDev: DepsDevVersion | null;
  /** URLs the page's sidebar shows as verified: a hint, never evidence (README HTML can imitate the sidebar). */
  pageVerifiedUrls: string[];
};

function sameRepository(a: RepositoryLink, b: RepositoryLink): boolean {
  return a.host === b.host && a.owner?.toLowerCase() === b.owner?.toLowerCase() && a.name?.toLowerCase() === b.name?.toLowerCase();
}

/**
 * Verified when independent evidence (a verified attestation, deps.dev's attestation-backed link) names the same
 * repository; otherwise only claimed by metadata. The page's own "verified" mark is listed as a hint and never
 * changes the status.
 */
export function verifyRepository(link: RepositoryLink | null, inputs: VerificationInputs): RepositoryVerification {
  if (link === null || link.owner === null || link.name === null) return { status: 'claimed', evidence: [] };
  const fullName = `${link.owner}/${link.name}`.toLowerCase();
  const forgeHost = Object.keys(FORGES).find((domain) => FORGES[domain]!.host === link.host) ?? '';
  const evidence: VerificationEvidence[] = [];

  for (const repository of new Set(inputs.attestationRepositories.map((r) => r.trim().toLowerCase()))) {
    if (repository === fullName) {
      evidence.push({ kind: 'attestation', detail: `PyPI attestation was published from ${link.owner}/${link.name}`, url: link.url });
    }
  }
  for (const project of inputs.depsDev?.relatedProjects ?? []) {
    if (project.provenance === 'verified' && project.projectKey.toLowerCase() === `${forgeHost}/${fullName}`) {
      const url = safeHttpsUrl(inputs.depsDev?.url) ?? link.url;
      evidence.push({ kind: 'deps.dev', detail: `deps.dev links this version to ${project.projectKey} through an attestation`, url });
    }
  }
  const verified = evidence.length > 0;
  for (const raw of inputs.pageVerifiedUrls) {
    const shown = parseRepositoryUrl(raw, 'page');
    if (shown !== null && sameRepository(shown, link)) {
      evidence.push({ kind: 'page', detail: PAGE_HINT_DETAIL, url: shown.url });
      break;
    }
  }
  return { status: verified ? 'verified' : 'claimed', evidence };
}

const PAGE_HINT_DETAIL = 'the sidebar of pypi.org’s page marks this repository as verified (a hint: the page itself is not proof)';
