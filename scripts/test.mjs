#!/usr/bin/env node
// `npm test`: typecheck, import rules, lint, format, unit, build (Chrome + Firefox, zipped), end to end. Ends with the plain
// line `N passed, N failed` that CI counts. Installs Debian's chromium and firefox-esr when run as root and missing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const reports = join(root, 'test-results');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });

let passed = 0;
let failed = 0;
const failures = [];

function run(label, command, args, { env } = {}) {
  const started = Date.now();
  console.log(`\n▶ ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`◀ ${label} ${result.status === 0 ? 'ok' : `FAILED (exit ${result.status ?? result.signal})`} in ${seconds} s`);
  return result.status === 0;
}

function step(label, command, args) {
  if (!run(label, command, args)) {
    failed += 1;
    failures.push(label);
    return false;
  }
  return true;
}

function vitest(project) {
  const out = join(reports, `${project}.json`);
  const ok = run(`${project} tests`, 'npx', [
    'vitest',
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}`,
  ]);
  if (!existsSync(out)) {
    failed += 1;
    failures.push(`${project} tests (no report written)`);
    return;
  }
  const summary = JSON.parse(readFileSync(out, 'utf8'));
  passed += summary.numPassedTests;
  failed += summary.numFailedTests;
  if (summary.numTotalTests === 0) {
    failed += 1;
    failures.push(`${project}: no tests ran`);
  }
  // A suite that failed to load counts as a failure even when no single test did.
  if (!ok && summary.numFailedTests === 0) {
    failed += 1;
    failures.push(`${project} tests (suite error)`);
  }
}

// Debian's chromium drives most end-to-end tests; firefox-esr runs the real-Firefox one (test/e2e/firefox.test.ts).
function ensureDebianPackage(binary, pkg) {
  if (existsSync(binary)) return true;
  if (process.getuid?.() === 0) {
    return run(`install ${pkg}`, 'sh', ['-c', `apt-get update && apt-get install -y ${pkg}`]);
  }
  console.error(`\n${pkg} is missing. Install it with:\n  sudo apt-get update && sudo apt-get install -y ${pkg}\n`);
  return false;
}

const started = Date.now();
for (const [binary, pkg] of [
  ['/usr/bin/chromium', 'chromium'],
  ['/usr/bin/firefox-esr', 'firefox-esr'],
]) {
  if (!ensureDebianPackage(binary, pkg)) {
    failed += 1;
    failures.push(pkg);
  }
}
step('typecheck', 'npx', ['tsc', '--noEmit', '-p', '.']);
// The layers of DESIGN.md §2 (a violation names the import and the rule), the linter and the formatter.
step('import rules (dependency-cruiser)', 'npx', [
  'depcruise',
  '--config',
  '.dependency-cruiser.cjs',
  'entrypoints',
  'components',
  'utils',
]);
step('lint (eslint, zero warnings)', 'npx', ['eslint', '--max-warnings', '0', '.']);
step('format (biome)', 'npx', ['biome', 'format', '.']);
vitest('unit');
const built =
  step('build chrome', 'npx', ['wxt', 'build']) &&
  step('build firefox', 'npx', ['wxt', 'build', '-b', 'firefox']) &&
  step('zip chrome', 'npx', ['wxt', 'zip']) &&
  step('zip firefox', 'npx', ['wxt', 'zip', '-b', 'firefox']);
if (built) {
  step('bundle check (no eval, no remote code)', 'node', ['scripts/check-bundle.mjs']);
  step('web-ext lint (firefox)', 'node', ['scripts/lint-firefox.mjs']);
}
if (built && existsSync('/usr/bin/chromium')) vitest('e2e');
else {
  failed += 1;
  failures.push('e2e not run (build or chromium missing)');
}

console.log(`\nTotal time ${((Date.now() - started) / 1000).toFixed(0)} s.`);
if (failures.length > 0) console.log(`Failed steps: ${failures.join('; ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
