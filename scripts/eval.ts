// `npm run eval`: detection quality on the project's labelled corpora (test/fixtures/eval/), printed as
// figures with their goals and pass / FALLS SHORT, like `npm run bench`. Not a test: nothing here fails
// a build, and no figure is asserted in `npm test`. See docs/checks.md for what each figure means.
//
//   npm run eval -- [--examples N]   (N lines of each example list; default 12, 0 for none)
import { readMaliciousNames, readTopList } from './eval/corpora';
import { formatEvalTable } from './eval/figures';
import { evaluateCode } from './eval/code';
import { evaluateNames } from './eval/names';

const flag = process.argv.indexOf('--examples');
const exampleLines = flag >= 0 ? Number(process.argv[flag + 1] ?? 12) : 12;

const top = readTopList();
const malicious = readMaliciousNames();
const { figures, examples } = evaluateNames(top, malicious);
console.log(
  `Name checks: ${malicious.length} recorded malicious names (test/fixtures/eval/malicious-names.json), ` +
    `the recorded top list of ${top.names.length.toLocaleString('en-US')} (${top.lastUpdate?.slice(0, 10) ?? 'undated'})\n`,
);
console.log(formatEvalTable(figures));
if (exampleLines > 0) {
  for (const { title, lines } of examples) {
    console.log(`\n${title} (${lines.length}):`);
    for (const line of lines.slice(0, exampleLines)) console.log(`  ${line}`);
    if (lines.length > exampleLines) console.log(`  … ${lines.length - exampleLines} more`);
  }
}

const code = await evaluateCode();
console.log(
  "\nCode checks: test/fixtures/eval/code-malicious.json, code-benign.json, and the standard library of this machine's python3\n",
);
console.log(formatEvalTable(code.figures));
if (exampleLines > 0) {
  for (const { title, lines } of code.examples) {
    console.log(`\n${title} (${lines.length}):`);
    for (const line of lines.slice(0, exampleLines)) console.log(`  ${line}`);
    if (lines.length > exampleLines) console.log(`  … ${lines.length - exampleLines} more`);
  }
}
