// Synthetic hostile upstream bodies (issue 10), made at test time from recorded bodies with hostile strings
// substituted into every field a stranger controls, so no file in the repository holds them. Every script payload
// appends to `window.__tpCanary` in the page's main world: a test reads it to prove that nothing ever ran.
import { readProjectFixture, readRecorded, readRecordedText } from './fixtures';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- recorded bodies, edited freely

export const CANARY = '__tpCanary';
const run = (where: string) => `window.${CANARY}=(window.${CANARY}||'')+'${where};'`;

/** Markup that runs script if it is ever parsed as HTML: tags, event handlers, attribute break-outs. */
export const markup = (where: string) =>
  `<img src=x onerror="${run(where)}"><script>${run(where)}</script><svg onload="${run(where)}"></svg>` +
  `"><iframe srcdoc="<script>parent.${run(where)}</script>"></iframe>'><a href="javascript:${run(where)}">x</a>`;

/** Script-bearing or otherwise non-https URLs; none may become an href. */
export const hostileUrls = (where: string) => [
  `javascript:${run(where)}`,
  `JaVaScRiPt:${run(where)}`,
  ` javascript:${run(where)}`,
  `java\tscript:${run(where)}`,
  `data:text/html,<script>${run(where)}</script>`,
  `data:text/html;base64,${Buffer.from(`<script>${run(where)}</script>`).toString('base64')}`,
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  'chrome://settings/',
  '//evil.example/protocol-relative',
  'http://evil.example/plain-http',
  'https://user:secret@github.com/spotify/luigi',
];

export const RLO = '\u202E';
/** Every bidirectional control character: each can reorder what the reader sees. */
export const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
/** "luigi‮gnp.exe" displays as "luigiexe.png": a file name that is not what it looks like. */
export const bidiSpoof = `luigi${RLO}gnp.exe \u2067evil\u2069 \u200F`;
/** Look-alikes: Cyrillic і (U+0456) and е (U+0435) in place of Latin i and e. */
export const LOOKALIKE_HOST_URL = 'https://g\u0456thub.com/spotify/luigi';
export const LOOKALIKE_REPO_URL = 'https://github.com/spotify/lu\u0456gi';
export const LOOKALIKE_NAME = 'r\u0435quests';
/** 100 KB without a single break opportunity, then 100 KB of words: both must be truncated, neither may overflow. */
export const HUGE_UNBROKEN = 'A'.repeat(100 * 1024);
export const HUGE_WORDS = 'word '.repeat(20 * 1024);

/** One hostile text: markup first (inside the part shown before "show more"), then bidi, look-alike, 100 KB. */
export const hostileText = (where: string, huge = HUGE_UNBROKEN) => `${markup(where)} ${bidiSpoof} ${LOOKALIKE_NAME} ${huge}`;

/** luigi's recorded PyPI JSON, with its files yanked for a hostile reason and hostile links, texts and advisories. */
export function syntheticHostilePypiJson(): Json {
  const body = structuredClone(readRecorded('pypi.org/json/luigi.json')) as Json;
  const urls = hostileUrls('pypi-project-url');
  body.info.summary = hostileText('summary');
  body.info.description = hostileText('description', HUGE_WORDS);
  body.info.home_page = `javascript:${run('home_page')}`;
  body.info.requires_python = hostileText('requires_python');
  body.ownership = {
    organization: hostileText('ownership-organization'),
    roles: [
      { role: 'Owner', user: hostileText('ownership-user') },
      { role: `Maintainer${markup('ownership-role')}`, user: `${bidiSpoof}${LOOKALIKE_NAME}` },
    ],
  };
  body.info.project_urls = {
    // The one real repository link, so GitHub and deps.dev are asked (their hostile answers are below).
    Homepage: 'https://github.com/spotify/luigi',
    [`Source ${markup('label')}`]: LOOKALIKE_HOST_URL,
    [`Code ${bidiSpoof}`]: LOOKALIKE_REPO_URL,
    [`Long ${HUGE_UNBROKEN}`]: `https://example.org/${HUGE_UNBROKEN}`,
    ...Object.fromEntries(urls.map((url, i) => [`Link ${i} ${markup(`label-${i}`)}`, url])),
  };
  for (const file of [...body.releases['3.6.0'], ...body.urls]) {
    file.yanked = true;
    file.yanked_reason = hostileText('yanked_reason', HUGE_WORDS);
    file.url = `javascript:${run('file-url')}`;
  }
  body.vulnerabilities = [
    {
      id: 'PYSEC-2099-1',
      aliases: [`CVE-2099-0001${markup('alias')}`],
      summary: hostileText('pypi-advisory-summary'),
      details: hostileText('pypi-advisory-details', HUGE_WORDS),
      fixed_in: [`9.9.9${markup('fixed_in')}`, '3.6.1'],
      link: `javascript:${run('pypi-advisory-link')}`,
      withdrawn: null,
    },
  ];
  return body;
}

/** An OSV /v1/query answer: the recorded GHSA record, renamed and filled with hostile text and references. */
export function syntheticHostileOsvQuery(): Json {
  const vuln = structuredClone(readRecorded('api.osv.dev/vulns/GHSA-x84v-xcm2-53pg.github-advisory-database.json')) as Json;
  vuln.id = 'GHSA-2099-0001-0001';
  vuln.aliases = ['PYSEC-2099-1', `CVE-${markup('osv-alias')}`, `CVE-${HUGE_UNBROKEN}`];
  vuln.summary = hostileText('osv-summary');
  vuln.details = hostileText('osv-details', HUGE_WORDS);
  vuln.severity = [{ type: 'CVSS_V3', score: `CVSS:3.1/${markup('cvss')}` }];
  vuln.database_specific = { severity: `CRITICAL${markup('db-severity')}` };
  vuln.affected = [
    {
      package: { ecosystem: 'PyPI', name: 'luigi' },
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: `3.6.1${markup('osv-fixed')}` }] }],
    },
  ];
  vuln.references = hostileUrls('osv-reference').map((url) => ({ type: 'WEB', url }));
  return { vulns: [vuln] };
}

/** The recorded GitHub repository answer with a valid name but hostile page URL, description and fork parent. */
export function syntheticHostileGithubRepo(): Json {
  const body = JSON.parse(readRecordedText('api.github.com/repos/PyGithub-PyGithub.json')) as Json;
  body.full_name = 'spotify/luigi';
  body.name = 'luigi';
  body.html_url = `javascript:${run('github-html_url')}`;
  body.description = hostileText('github-description');
  body.homepage = `data:text/html,<script>${run('github-homepage')}</script>`;
  body.fork = true;
  body.parent = { full_name: `evil/${markup('github-parent')}`, html_url: `javascript:${run('github-parent-url')}` };
  return body;
}

/** A PEP 691 index for luigi (shape of the recorded requests index) with a hostile status reason and file fields. */
export function syntheticHostileSimpleIndex(): Json {
  const recorded = readRecorded('pypi.org/simple/requests.json') as Json;
  const file = structuredClone(recorded.files.at(-1)) as Json;
  return {
    meta: recorded.meta,
    name: 'luigi',
    versions: ['3.6.0'],
    'project-status': { status: 'archived', reason: hostileText('project-status-reason') },
    files: [
      {
        ...file,
        filename: 'luigi-3.6.0.tar.gz',
        url: `javascript:${run('simple-file-url')}`,
        provenance: `javascript:${run('simple-provenance')}`,
        yanked: hostileText('simple-yanked', HUGE_WORDS),
      },
      {
        ...file,
        filename: `luigi-3.6.0-py3-none-any.whl${markup('simple-filename')}`,
        provenance: 'https://evil.example/integrity/x/provenance',
      },
    ],
  };
}

/** deps.dev's project answer (our synthetic requests body) with hostile Scorecard checks and links. */
export function syntheticHostileDepsDevProject(): Json {
  const body = structuredClone(readProjectFixture('synthetic-depsdev-project-github.com-psf-requests.json')) as Json;
  body.projectKey = { id: 'github.com/spotify/luigi' };
  body.description = hostileText('depsdev-description');
  body.homepage = `javascript:${run('depsdev-homepage')}`;
  for (const [i, check] of (body.scorecard.checks as Json[]).entries()) {
    check.name = `${check.name}${markup(`scorecard-name-${i}`)}${i === 0 ? HUGE_UNBROKEN : ''}`;
    check.reason = hostileText(`scorecard-reason-${i}`);
    check.score = i % 3;
    check.documentation = { shortDescription: markup('scorecard-doc'), url: hostileUrls('scorecard-url')[i % 12] };
  }
  return body;
}

/** The recorded luigi page with a hostile "verified" sidebar block added (the content script reads it as a hint). */
export function syntheticHostileProjectPage(): string {
  const html = readRecordedText('pypi.org/html/reconstructed-project-luigi.html');
  const links = [...hostileUrls('page-verified'), 'https://github.com/spotify/lu\u0456gi', `https://github.com/spotify/luigi${RLO}`]
    .map((url) => `<a href="${url.replace(/"/g, '&quot;')}">verified</a>`)
    .join('');
  const block =
    '<div class="sidebar-section"><h2 class="sidebar-section__title">Verified details</h2>' +
    `<div class="sidebar-section__content sidebar-section__content--verified">${links}` +
    `<div data-github-repo-stats-url-value="javascript:${run('page-stats')}"></div></div></div>`;
  const at = html.indexOf('<div class="sidebar-section">', html.indexOf('project-description__sidebar'));
  if (at < 0) throw new Error('recorded luigi page changed: no sidebar section to put the hostile block before');
  return `${html.slice(0, at)}${block}${html.slice(at)}`;
}
