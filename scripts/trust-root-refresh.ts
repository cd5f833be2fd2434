// `npm run trust-root:refresh [-- --version X.Y.Z] [--dry-run]`: move the embedded Sigstore trust
// root to the one a newer `@sigstore/tuf` release ships (read from its tarball; the package is not
// installed). Prints every log / CA / TSA that was added,
// removed or changed, then rewrites the generated module and the sha256 pin for review in the PR.
// Not part of the tests (it asks the npm registry).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { TRUSTED_ROOT_ORIGIN, TRUSTED_ROOT_SHA256 } from '../utils/contract/trust-root-pin';
import { TRUSTED_ROOT_JSON } from '../utils/analysis/provenance/trusted-root.generated';
import {
  GENERATED_MODULE,
  PIN_MODULE,
  diffRoots,
  projectRoot,
  readPublishedRoot,
  renderGeneratedModule,
  sha256Hex,
} from './trust-root-lib';

const args = process.argv.slice(2);
const dryRun = args.includes('--dry-run');
const versionArg = args[args.indexOf('--version') + 1];
const npm = (...npmArgs: string[]) => execFileSync('npm', npmArgs, { cwd: projectRoot, encoding: 'utf8' }).trim();

const wanted = args.includes('--version') && versionArg ? versionArg : npm('view', TRUSTED_ROOT_ORIGIN.npmPackage, 'version');
console.log(`${TRUSTED_ROOT_ORIGIN.npmPackage}: pinned ${TRUSTED_ROOT_ORIGIN.version}, target ${wanted}`);

const packaged = readPublishedRoot(wanted);
console.log(`tarball   ${TRUSTED_ROOT_ORIGIN.npmPackage}@${packaged.version} ${packaged.integrity}`);
const newSha = sha256Hex(packaged.text);
const changes = diffRoots(TRUSTED_ROOT_JSON, packaged.text);
console.log(`embedded  ${TRUSTED_ROOT_SHA256} (${TRUSTED_ROOT_ORIGIN.npmPackage}@${TRUSTED_ROOT_ORIGIN.version})`);
console.log(`packaged  ${newSha} (${TRUSTED_ROOT_ORIGIN.npmPackage}@${packaged.version})`);
console.log(changes.length > 0 ? `Changes (+ added, - removed, ~ changed):\n${changes.join('\n')}` : 'No log, CA or TSA changed.');

if (newSha === TRUSTED_ROOT_SHA256 && packaged.version === TRUSTED_ROOT_ORIGIN.version) {
  console.log('The pinned root is current; nothing to write.');
} else if (dryRun) {
  console.log('--dry-run: nothing written.');
} else {
  writeFileSync(GENERATED_MODULE, renderGeneratedModule(packaged.text, packaged.version));
  const pin = readFileSync(PIN_MODULE, 'utf8')
    .replace(/TRUSTED_ROOT_SHA256 = '[0-9a-f]{64}'/, `TRUSTED_ROOT_SHA256 = '${newSha}'`)
    .replace(/version: '[^']*'/, `version: '${packaged.version}'`);
  writeFileSync(PIN_MODULE, pin);
  console.log(`Wrote ${GENERATED_MODULE} and the new pin. Review the changes above before committing.`);
}
