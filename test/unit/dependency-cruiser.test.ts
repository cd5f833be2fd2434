// The import rules of DESIGN.md §2 fail on a violation and name the import: run on a small tree of its own
// (a copy of the configuration beside files that break one rule each), then on the project's tree.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../support/fixtures';

const depcruise = join(projectRoot, 'node_modules', '.bin', 'depcruise');
const cruise = (cwd: string) =>
  spawnSync(depcruise, ['--config', '.dependency-cruiser.cjs', 'entrypoints', 'components', 'utils'], { cwd, encoding: 'utf8' });

const tree = mkdtempSync(join(tmpdir(), 'import-rules-'));
afterAll(() => rmSync(tree, { recursive: true, force: true }));

function write(path: string, text: string) {
  mkdirSync(dirname(join(tree, path)), { recursive: true });
  writeFileSync(join(tree, path), text);
}

describe('import rules (dependency-cruiser)', () => {
  it('fails on each kind of forbidden import and names it', () => {
    cpSync(join(projectRoot, '.dependency-cruiser.cjs'), join(tree, '.dependency-cruiser.cjs'));
    write('tsconfig.json', '{ "compilerOptions": { "module": "esnext", "moduleResolution": "bundler" } }');
    write('entrypoints/main.ts', "import '../utils/background/service';\n");
    write('utils/lib/time.ts', 'export const DAY_MS = 86_400_000;\n');
    write('utils/contract/report.ts', "import { DAY_MS } from '../lib/time';\nexport const KEEP = DAY_MS;\n");
    write('utils/analysis/scan.ts', "import { fetchIt } from '../sources/fetch';\nexport const scan = fetchIt;\n");
    write('utils/sources/fetch.ts', "import { KEEP } from '../contract/report';\nexport const fetchIt = () => KEEP;\n");
    write('utils/trust/rule.ts', "import { scan } from '../analysis/scan';\nexport const rule = scan;\n");
    write(
      'utils/background/service.ts',
      "import { rule } from '../trust/rule';\nimport { hints } from '../page/hints';\nexport const s = [rule, hints];\n",
    );
    write('utils/page/hints.ts', 'export const hints = 1;\n');
    write('components/Panel.tsx', "import { rule } from '../utils/trust/rule';\nexport const Panel = rule;\n");

    const result = cruise(tree);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain('never-analysis-to-sources: utils/analysis/scan.ts → utils/sources/fetch.ts');
    expect(result.stdout).toContain('never-trust-to-analysis-or-sources: utils/trust/rule.ts → utils/analysis/scan.ts');
    expect(result.stdout).toContain('background-not-page: utils/background/service.ts → utils/page/hints.ts');
    expect(result.stdout).toContain('components-render-contract-only: components/Panel.tsx → utils/trust/rule.ts');
    // Allowed arrows raise nothing: contract → lib, sources → contract, background → trust, entrypoints → anything.
    expect(result.stdout).not.toContain('utils/contract/report.ts →');
    expect(result.stdout).not.toContain('utils/sources/fetch.ts →');
    expect(result.stdout).not.toContain('utils/background/service.ts → utils/trust/rule.ts');
  });

  it("passes on the project's own tree", () => {
    const result = cruise(projectRoot);
    expect(result.stdout + result.stderr).toContain('no dependency violations found');
    expect(result.status).toBe(0);
  }, 60_000); // cruises the whole tree (~200 modules) in a child process: seconds on a busy machine
});
