#!/usr/bin/env node
// Build check (issue 10): the shipped extension runs no code it did not ship. Greps every built JS/HTML file of
// .output/chrome-mv3 and .output/firefox-mv2 for string-to-code (eval, new Function, string timers), remote script
// loading (import()/importScripts/<script src> off the package, injected <script> elements) and for HTML sinks in
// our own sources. Exits 1 on any finding. The patterns run against known-bad and known-good samples first, so a
// pattern that rots into matching nothing fails the build instead of passing everything.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const BUILDS = ['.output/chrome-mv3', '.output/firefox-mv2'];
/** Our own code: the HTML sinks are allowed only inside Preact (dangerouslySetInnerHTML, which we never use). */
const SOURCE_DIRS = ['entrypoints', 'components', 'utils'];

/** Forbidden in the built bundle (minified code: no word boundaries to rely on beyond these). */
const BUNDLE_RULES = [
  // A call, not a method definition that happens to be named eval (`eval(e){…}` in a bundled parser class).
  { id: 'eval', why: 'string-to-code', re: /(?<![\w$.])eval\s*\((?![^()]*\)\s*\{)/ },
  { id: 'indirect-eval', why: 'string-to-code', re: /\(\s*0\s*,\s*eval\s*\)/ },
  { id: 'new-function', why: 'string-to-code', re: /new\s+Function\s*\(|(?<![\w$.])Function\s*\(\s*["'`]/ },
  { id: 'string-timer', why: 'string-to-code', re: /\bset(?:Timeout|Interval)\s*\(\s*["'`]/ },
  { id: 'remote-import', why: 'remote code', re: /\bimport\s*\(\s*["'`](?:https?:)?\/\// },
  { id: 'import-scripts', why: 'remote code', re: /\bimportScripts\s*\(/ },
  { id: 'script-element', why: 'injected script', re: /createElement\s*\(\s*["'`]script["'`]\s*\)/ },
  { id: 'remote-script-src', why: 'remote code', re: /<script[^>]*\ssrc\s*=\s*["']?(?:https?:)?\/\//i },
];

/**
 * Chrome refuses to load the whole extension when a content script holds a Unicode noncharacter ("Could not
 * load file … for content script. It isn't UTF-8 encoded"): pip-requirements-js's grammar writes U+10FFFF
 * literally, which the popup may carry but a content script may not (it once did, through an import).
 */
const CONTENT_SCRIPT_RULES = [
  {
    id: 'noncharacter',
    why: 'Chrome refuses a content script holding it as not UTF-8',
    re: new RegExp(
      `[\\uFDD0-\\uFDEF${Array.from({ length: 17 }, (_, p) => `\\u{${(p * 0x10000 + 0xfffe).toString(16)}}\\u{${(p * 0x10000 + 0xffff).toString(16)}}`).join('')}]`,
      'u',
    ),
  },
];

/**
 * The background loads heavy modules on first use with import() (issue 20 §3). An MV3 service worker cannot import()
 * a chunk it did not load at install, so the bundler must keep them inline (evaluated lazily): no import() may remain.
 */
const BACKGROUND_RULES = [
  { id: 'worker-import', why: 'a service worker cannot import() a chunk at run time', re: /(?<![\w$.])import\s*\(/ },
];

/** Forbidden in our sources: every remote string must reach the DOM as text (design §8). */
const SOURCE_RULES = [
  { id: 'dangerously-set-inner-html', why: 'HTML sink', re: /dangerouslySetInnerHTML/ },
  { id: 'inner-html', why: 'HTML sink', re: /\.(?:inner|outer)HTML\s*=|insertAdjacentHTML\s*\(|document\.write\s*\(/ },
  { id: 'eval', why: 'string-to-code', re: /(?<![\w$.])eval\s*\(|new\s+Function\s*\(/ },
];

const SAMPLES = {
  bad: [
    ['eval', 'a=1;eval(x)'],
    ['eval', 'eval(atob(s))'],
    ['indirect-eval', 'var r=(0,eval)("this")'],
    ['new-function', 'return new Function("a","return a")'],
    ['new-function', 'Function("return this")()'],
    ['string-timer', 'setTimeout("alert(1)",0)'],
    ['remote-import', 'await import("https://cdn.example/x.js")'],
    ['import-scripts', 'importScripts("x.js")'],
    ['script-element', 'document.createElement("script")'],
    ['remote-script-src', '<script src="https://cdn.example/x.js"></script>'],
  ],
  good: [
    't.evaluate(x)',
    'o.eval(x)',
    'class P{eval(e){return e}}',
    '}eval(e){let{inputStream:t}=e',
    'typeof e=="function"',
    'setTimeout(()=>r(),5)',
    'import("./chunk.js")',
    '<script type="module" src="/chunks/a.js"></script>',
  ],
};

function selfTest() {
  const problems = [];
  for (const [id, sample] of SAMPLES.bad) {
    if (!BUNDLE_RULES.find((r) => r.id === id)?.re.test(sample)) problems.push(`rule ${id} misses ${JSON.stringify(sample)}`);
  }
  for (const sample of SAMPLES.good) {
    const hit = BUNDLE_RULES.find((r) => r.re.test(sample));
    if (hit) problems.push(`rule ${hit.id} wrongly flags ${JSON.stringify(sample)}`);
  }
  const workerImport = BACKGROUND_RULES[0].re;
  if (!workerImport.test('const m=await import("./chunks/verify-x.js")')) problems.push('rule worker-import misses an import()');
  if (workerImport.test('await Promise.resolve().then(()=>(init_verify(),verify_exports));o.import(x)'))
    problems.push('rule worker-import flags an inlined lazy module');
  if (!SOURCE_RULES[1].re.test('el.innerHTML = html')) problems.push('rule inner-html misses an innerHTML assignment');
  const noncharacter = CONTENT_SCRIPT_RULES[0].re;
  for (const bad of [`[\`range\`,\`\\0\`,\`${String.fromCodePoint(0x10ffff)}\`]`, `x="${String.fromCharCode(0xfffe)}"`, '\ufdd0']) {
    if (!noncharacter.test(bad)) problems.push(`rule noncharacter misses ${JSON.stringify(bad)}`);
  }
  if (noncharacter.test('"\\u{10FFFF}" and \uFFFD, ✓ and 😀')) problems.push('rule noncharacter flags escaped or ordinary text');
  return problems;
}

function* files(dir, extensions) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path, extensions);
    else if (extensions.some((ext) => name.endsWith(ext))) yield path;
  }
}

function scan(dir, extensions, rules) {
  const findings = [];
  let count = 0;
  for (const path of files(dir, extensions)) {
    count += 1;
    const text = readFileSync(path, 'utf8');
    for (const rule of rules) {
      const match = rule.re.exec(text);
      if (match) {
        const at = match.index;
        const context = text.slice(Math.max(0, at - 60), at + 60).replace(/\s+/g, ' ');
        findings.push(`${relative(root, path)}: ${rule.id} (${rule.why}) … ${context} …`);
      }
    }
  }
  return { findings, count };
}

function main() {
  const problems = selfTest();
  if (problems.length > 0) {
    console.error(`check-bundle: the patterns themselves are broken:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  const findings = [];
  for (const build of BUILDS) {
    const dir = join(root, build);
    if (!existsSync(join(dir, 'manifest.json'))) {
      findings.push(`${build}: not built (run npx wxt build && npx wxt build -b firefox first)`);
      continue;
    }
    const result = scan(dir, ['.js', '.mjs', '.html'], BUNDLE_RULES);
    if (result.count === 0) findings.push(`${build}: no JS/HTML files found`);
    findings.push(...result.findings);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const contentScripts = (manifest.content_scripts ?? []).flatMap((c) => c.js ?? []);
    if (contentScripts.length === 0) findings.push(`${build}: the manifest lists no content scripts`);
    for (const script of contentScripts) {
      const text = readFileSync(join(dir, script), 'utf8');
      for (const rule of CONTENT_SCRIPT_RULES) {
        const match = rule.re.exec(text);
        if (match)
          findings.push(`${build}/${script}: ${rule.id} (${rule.why}) … ${text.slice(Math.max(0, match.index - 60), match.index + 20)} …`);
      }
    }
    const backgrounds = [manifest.background?.service_worker, ...(manifest.background?.scripts ?? [])].filter(Boolean);
    if (backgrounds.length === 0) findings.push(`${build}: the manifest lists no background script`);
    for (const script of backgrounds) {
      const text = readFileSync(join(dir, script), 'utf8');
      const match = BACKGROUND_RULES[0].re.exec(text);
      if (match)
        findings.push(
          `${build}/${script}: worker-import (${BACKGROUND_RULES[0].why}) … ${text.slice(Math.max(0, match.index - 60), match.index + 40)} …`,
        );
    }
    console.log(`check-bundle: ${build}: ${result.count} files scanned`);
  }
  for (const dir of SOURCE_DIRS) {
    const result = scan(join(root, dir), ['.ts', '.tsx'], SOURCE_RULES);
    findings.push(...result.findings.filter((f) => !/\.test\.tsx?:/.test(f)));
  }
  if (findings.length > 0) {
    console.error(`check-bundle: ${findings.length} finding(s):\n  ${findings.join('\n  ')}`);
    process.exit(1);
  }
  console.log('check-bundle: no eval, new Function, string timers, remote or injected scripts; no HTML sinks in our sources');
}

main();
