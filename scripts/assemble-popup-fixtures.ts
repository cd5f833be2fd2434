// Writes the popup scenario's assembled- bodies (test/fixtures/ASSEMBLED.md) from the recorded parts.
// Run after changing test/fixtures/requirements-30.txt: npx tsx scripts/assemble-popup-fixtures.ts
import { writeFileSync } from 'node:fs';
import { assembleRequirementsBatch, popupAssembledFiles } from '../test/support/assembled-popup';
import { projectFixturePath } from '../test/support/fixtures';

for (const [name, text] of Object.entries(popupAssembledFiles())) {
  writeFileSync(projectFixturePath(name), text);
  console.log(`wrote test/fixtures/${name} (${text.length} chars)`);
}
for (const { query, from } of assembleRequirementsBatch().sources) {
  console.log(`  ${query.package.name} ${query.version ?? ''}: ${from}`);
}
