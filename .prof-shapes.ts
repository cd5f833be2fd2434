import { HOSTILE_SHAPES } from './scripts/bench/hostile-archives';
import { scanDistribution } from './utils/analysis/code-scan/index';
const only = process.argv.slice(2);
for (const shape of HOSTILE_SHAPES) {
  if (only.length && !only.includes(shape.name)) continue;
  const bytes = await shape.build();
  const meta = { filename: shape.filename, url: 'https://files.pythonhosted.org/x', packageType: shape.filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist', sha256: 'x', size: bytes.length, project: 'x', version: '1.0' } as never;
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const r = await scanDistribution(bytes, meta);
    times.push(performance.now() - t);
    if (i === 0) console.log(shape.name, 'findings', r.findings.length, 'complete', r.complete, r.distribution.state);
  }
  console.log(shape.name, times.map((t) => t.toFixed(0)).join(' '));
}
