// Shared by the lockfile parser tests: a fixture's text, and a parse that must succeed.
import { readFileSync } from 'node:fs';
import type { ParsedLockfile } from '../../../../../utils/lib/lockfiles/common';
import type { RequirementLine } from '../../../../../utils/lib/requirements';
import { projectFixturePath } from '../../../../support/fixtures';

export const fixture = (name: string) => readFileSync(projectFixturePath(name), 'utf8');

export function ok(parsed: ParsedLockfile) {
  if (!parsed.ok) throw new Error(`expected ok, got: ${parsed.message}`);
  return parsed;
}

/** "name version" of each checked line, in order. */
export const checked = (lines: RequirementLine[]) =>
  lines.flatMap((l) => (l.kind === 'requirement' ? [`${l.requirement.name} ${l.requirement.pinned}`] : []));

/** name → reason of each skipped or invalid line. */
export const unchecked = (lines: RequirementLine[]) =>
  Object.fromEntries(lines.flatMap((l) => (l.kind === 'requirement' ? [] : [[l.text.split(' ')[0], `${l.kind}: ${l.reason}`]])));
