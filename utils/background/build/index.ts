// Builds a Report from the task graph (graph.ts, tasks/): every fact starts as soon as what it needs is known,
// and the page's hints start the requests they allow before PyPI answers. One graph gives both answers of a
// page view: the early sections (getEarlyReport) and the judged report.
import { type EarlyReport, REPORT_SECTIONS, type Report } from '../../contract/report';
import { judge } from '../../trust/index';
import { type BuildContext, type BuildDeps, DEFERRED_SECTIONS, type ReportFacts, type ReportRequest } from './facts';
import { type AnyTask, createGraph, type Graph } from './graph';
import * as advisories from './tasks/advisories';
import * as code from './tasks/code';
import * as dependencies from './tasks/dependencies';
import * as identity from './tasks/identity';
import * as provenance from './tasks/provenance';
import * as pypi from './tasks/pypi';
import * as repository from './tasks/repository';

export type { BuildDeps, IdentityDeps, ReportRequest } from './facts';
export { buildBadges } from './badges';

const isTask = (value: unknown): value is AnyTask<ReportFacts, BuildContext> =>
  typeof value === 'object' && value !== null && 'id' in value && 'needs' in value && 'run' in value;

/** Every task of the report: each module in tasks/ exports its own (a new task file is one import line here). */
export const REPORT_TASKS: readonly AnyTask<ReportFacts, BuildContext>[] = [
  pypi,
  provenance,
  identity,
  advisories,
  repository,
  code,
  dependencies,
].flatMap((module) => Object.values(module).filter(isTask));

export type ReportStages = {
  /** Repository, releases and advisories, as soon as they are final (see EarlyReport); null when the whole report is as near. */
  early: Promise<EarlyReport | null>;
  report: Promise<Report>;
};

export async function buildReport(deps: BuildDeps, request: ReportRequest): Promise<Report> {
  return buildReportStages(deps, request).report;
}

function reportGraph(deps: BuildDeps, request: ReportRequest, given: Partial<{ [K in keyof ReportFacts]: ReportFacts[K] }> = {}) {
  let hints: ReportFacts['hints'];
  const ctx: BuildContext = { ...deps, request, hints: () => hints };
  const hintsP = Promise.resolve(request.pageHints);
  const graph = createGraph(REPORT_TASKS, ctx, { hints: hintsP, ...given });
  // What the hints satisfy runs now (before PyPI answers); without hints, only what needs nothing.
  void hintsP.then(
    (h) => {
      hints = h;
      graph.runAhead();
    },
    () => undefined,
  );
  return graph;
}

type ReportInput = Omit<Report, 'findings' | 'verdict' | 'generatedAt'>;

/** The verdict and its findings, from the facts of a report. */
function judged(deps: BuildDeps, input: ReportInput): Report {
  const nowIso = new Date(deps.now()).toISOString();
  const { findings, verdict } = judge(input, { now: nowIso });
  return { ...input, findings, verdict, generatedAt: nowIso };
}

/**
 * Once both deferred sections are in, the declared requirements come from the wheel the code checks unpacked
 * (its METADATA is what pip installs). The module is the dependencies task's, already loaded by then.
 */
async function joinDeferred(input: ReportInput): Promise<ReportInput> {
  const { dependencies, code } = input;
  if (dependencies?.state !== 'ok' || code?.state !== 'ok') return input;
  const { withWheelRequirements } = await import('../../analysis/dependency-risk');
  const data = withWheelRequirements(dependencies.data, code.data);
  return data === dependencies.data ? input : { ...input, dependencies: { ...dependencies, data } };
}

async function reportOf(deps: BuildDeps, graph: Graph<ReportFacts>, request: ReportRequest): Promise<Report> {
  const waited = REPORT_SECTIONS.filter((name) => !DEFERRED_SECTIONS.includes(name) || request.code?.mode === 'wait');
  const [pkg, ...sections] = await Promise.all([graph.get('package'), ...waited.map((name) => graph.get(name))]);
  // An optional section whose task did not run (null) is left out of the report.
  const facts = Object.fromEntries(waited.flatMap((name, i) => (sections[i] ? [[name, sections[i]]] : [])));
  return judged(deps, await joinDeferred({ package: pkg, ...facts } as ReportInput));
}

/** One build, two answers: the early sections and the whole report (the second never waits for the first). */
export function buildReportStages(deps: BuildDeps, request: ReportRequest): ReportStages {
  const graph = reportGraph(deps, request);
  // Asking for the report's facts starts every task they need: what needs nothing (PyPI, the Simple index, the
  // most-downloaded list) at once.
  const report = reportOf(deps, graph, request);
  // 'start': the downloads begin now, for the scanCode the page sends next; the report does not wait.
  if (request.code?.mode === 'start') {
    void graph.get('code').catch(() => undefined);
    void graph.get('dependencies').catch(() => undefined);
  }

  const early: Promise<EarlyReport | null> = (async () => {
    const [pkg, releases, advisories] = await Promise.all([graph.get('package'), graph.get('releases'), graph.get('advisories')]);
    await Promise.all([graph.get('github'), graph.get('depsDevVersion'), graph.get('depsDevProject'), graph.get('hints')]);
    // Provenance already in (no attestations, or a fast Integrity): the whole report follows at once, and an
    // early answer would only cost the page a render in front of the badge's.
    if (graph.settled('attestations')) return null;
    const repository = await graph.get('repositoryPending');
    return { package: pkg, releases, repository, advisories, generatedAt: new Date(deps.now()).toISOString() };
  })();
  early.catch(() => undefined);
  return { early, report };
}

/**
 * A deferred section (the code checks: scanCode; the dependency graph: getDependencies) of a report already
 * built for this page view: the graph is given the report's facts, so only what the section needs is asked.
 * Each has its own message, so a slow archive never delays the dependency graph.
 */
export async function deferredSection<K extends 'code' | 'dependencies'>(
  deps: BuildDeps,
  report: Report,
  request: { name: string; allowLarge: boolean },
  section: K,
): Promise<Report[K] | null> {
  const sectionRequest: ReportRequest = {
    name: request.name,
    ...(section === 'code' ? { code: { mode: 'wait' as const, allowLarge: request.allowLarge } } : {}),
  };
  const graph = reportGraph(deps, sectionRequest, { releases: report.releases, package: report.package });
  return ((await graph.get(section).catch(() => null)) ?? null) as Report[K] | null;
}

/** The report with sections added and judged again. */
export async function withSections(
  deps: BuildDeps,
  report: Report,
  sections: Partial<Pick<Report, 'code' | 'dependencies'>>,
): Promise<Report> {
  const { findings: _findings, verdict: _verdict, generatedAt: _generatedAt, ...facts } = report;
  return judged(deps, await joinDeferred({ ...facts, ...sections }));
}

/** The code checks added to a report of this page view (scanCode). */
export async function addCodeScan(deps: BuildDeps, report: Report, request: { name: string; allowLarge: boolean }): Promise<Report> {
  const code = await deferredSection(deps, report, request, 'code');
  return code ? await withSections(deps, report, { code }) : report;
}

/** The dependency graph added to a report of this page view (getDependencies). */
export async function addDependencies(deps: BuildDeps, report: Report, request: { name: string }): Promise<Report> {
  const dependencies = await deferredSection(deps, report, { ...request, allowLarge: false }, 'dependencies');
  return dependencies ? await withSections(deps, report, { dependencies }) : report;
}
