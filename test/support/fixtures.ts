// The one place that finds the recorded fixtures. They stay in ../shared/fixtures (never copied
// into the project); FIXTURES_DIR overrides the folder. A missing folder fails loudly.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function fixturesDir(): string {
  const dir = process.env.FIXTURES_DIR ? resolve(process.env.FIXTURES_DIR) : resolve(projectRoot, '..', 'shared', 'fixtures');
  if (!existsSync(join(dir, 'SOURCES.md'))) {
    throw new Error(
      `Recorded fixtures not found at ${dir}. They live in ../shared/fixtures beside the checkout; ` +
        'set FIXTURES_DIR=/path/to/shared/fixtures to point elsewhere.',
    );
  }
  return dir;
}

/** Absolute path of a recorded file, e.g. recordedPath('pypi.org/json/luigi.json'). */
export function recordedPath(relative: string): string {
  const path = join(fixturesDir(), relative);
  if (!existsSync(path)) throw new Error(`Recorded fixture missing: ${path}`);
  return path;
}

export function readRecorded(relative: string): unknown {
  return JSON.parse(readFileSync(recordedPath(relative), 'utf8'));
}

export function readRecordedText(relative: string): string {
  return readFileSync(recordedPath(relative), 'utf8');
}

/** Project-owned fixtures (scenarios, assembled-, synthetic-) under test/fixtures. */
export function projectFixturePath(relative: string): string {
  return join(projectRoot, 'test', 'fixtures', relative);
}

export function readProjectFixture(relative: string): unknown {
  return JSON.parse(readFileSync(projectFixturePath(relative), 'utf8'));
}

export { projectRoot };
