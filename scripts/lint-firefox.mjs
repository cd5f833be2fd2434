#!/usr/bin/env node
// `web-ext lint` on the Firefox build (offline). Fails on any error, and on any warning or notice that is not one
// of the known ones below: each is explained in docs/hardening.md ("web-ext lint warnings"), so a new warning has
// to be understood and written down before the build passes again.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const sourceDir = join(root, '.output/firefox-mv2');

/** code + file (regexp) of the accepted warnings; `max` guards against a second, new occurrence. */
const ACCEPTED = [
  // Preact's renderer sets innerHTML only for dangerouslySetInnerHTML, which our sources never use
  // (scripts/check-bundle.mjs fails the build if they do). One per bundle that contains Preact.
  { code: 'UNSAFE_VAR_ASSIGNMENT', file: /^(content-scripts\/pypi-(project|search)\.js|chunks\/[\w-]+\.js|popup[\w/-]*\.js)$/, max: 6 },
  // AMO asks for data_collection_permissions; Firefox before 140 (Android 142) ignores the key, which is harmless,
  // and strict_min_version in wxt.config.ts (115) is older than that, so lint notes the mismatch.
  { code: 'KEY_FIREFOX_UNSUPPORTED_BY_MIN_VERSION', file: /^manifest\.json$/, max: 1 },
  { code: 'KEY_FIREFOX_ANDROID_UNSUPPORTED_BY_MIN_VERSION', file: /^manifest\.json$/, max: 1 },
];

if (!existsSync(join(sourceDir, 'manifest.json'))) {
  console.error('lint-firefox: .output/firefox-mv2 is not built (npx wxt build -b firefox)');
  process.exit(1);
}
const result = spawnSync('npx', ['web-ext', 'lint', '--source-dir', sourceDir, '--output', 'json', '--no-config-discovery'], {
  cwd: root,
  encoding: 'utf8',
});
let report;
try {
  report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
} catch {
  console.error(`lint-firefox: web-ext lint gave no JSON report (exit ${result.status})\n${result.stdout}\n${result.stderr}`);
  process.exit(1);
}

const line = (m) => `${m._type ?? ''} ${m.code} ${m.file ?? ''}${m.line ? `:${m.line}` : ''} — ${m.message}`;
const used = new Map();
const unexpected = [];
for (const message of [...report.warnings, ...report.notices]) {
  const rule = ACCEPTED.find((a) => a.code === message.code && a.file.test(message.file ?? ''));
  const count = (used.get(rule) ?? 0) + 1;
  if (rule) used.set(rule, count);
  if (!rule || count > rule.max) unexpected.push(message);
  else console.log(`accepted: ${line(message)}`);
}
for (const message of report.errors) console.error(`ERROR: ${line(message)}`);
for (const message of unexpected) console.error(`NEW (explain it in docs/hardening.md and here, or fix it): ${line(message)}`);
console.log(`lint-firefox: ${report.errors.length} errors, ${report.warnings.length} warnings, ${report.notices.length} notices`);
process.exit(report.errors.length === 0 && unexpected.length === 0 ? 0 : 1);
