// The code checks and the dependency graph arrive on their own messages, in either order: an answer that
// carries one of them keeps the other one already shown (the background's later answer carries both).
import type { DependencyFacts, Report, Section } from '../../utils/contract/report';

/** Requirements read from the wheel (once the code checks ran) are never replaced by an earlier reading of the graph. */
const fromWheel = (section: Section<DependencyFacts> | undefined) =>
  section?.state === 'ok' && section.data.requirementsSource === 'wheel-metadata';

export function withShownDeferred(report: Report, shown: Report | null | undefined): Report {
  const keepDependencies =
    shown?.dependencies && (!report.dependencies || (fromWheel(shown.dependencies) && !fromWheel(report.dependencies)));
  return {
    ...report,
    ...(report.code || !shown?.code ? {} : { code: shown.code }),
    ...(keepDependencies ? { dependencies: shown.dependencies } : {}),
  };
}
