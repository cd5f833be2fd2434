// The archive shapes of issue 16 §3, built in memory for the code-scan bench (scripts/bench-code-scan.ts):
// each one stalled or flooded the scanner before it was made linear, capped and chunked.
import { deflateSync, strToU8 } from 'fflate';
import { crc32 } from 'node:zlib';
import { rawZip, syntheticSdist } from '../../test/unit/utils/analysis/code-scan/synthetic-archives';

export type HostileShape = { name: string; filename: string; build: () => Promise<Uint8Array> };

export const HOSTILE_SHAPES: HostileShape[] = [
  {
    name: 'newlineSetupPy',
    filename: 'x-1.0.tar.gz',
    build: () => syntheticSdist('x', '1.0', { 'setup.py': '\n'.repeat(256 * 1024) }),
  },
  {
    name: 'networkLinesSetupPy',
    filename: 'x-1.0.tar.gz',
    build: () => syntheticSdist('x', '1.0', { 'setup.py': 'import socket\n'.repeat(40_000) }),
  },
  {
    // The largest setup.py the scanner reads (entries up to 2 MB): 340,000 short lines and one payload line.
    name: 'setupPy2Mb',
    filename: 'x-1.0.tar.gz',
    build: () => syntheticSdist('x', '1.0', { 'setup.py': `${'x = 1\n'.repeat(340_000)}exec(__import__("base64").b64decode("cHJpbnQoMSk="))\n` }),
  },
  {
    // A 2 MB string literal of 299-character base64 runs: the {300,} pattern retried from every position.
    name: 'shortRunsString2Mb',
    filename: 'x-1.0.tar.gz',
    build: () => syntheticSdist('x', '1.0', { 'setup.py': `s = "${`${'a'.repeat(299)}!`.repeat(6_800)}"\n` }),
  },
  {
    name: 'pth2000x2Mb',
    filename: 'x-1.0-py3-none-any.whl',
    build: async () => {
      const body = new Uint8Array(2 * 1024 * 1024).fill(0x61);
      const data = deflateSync(body, { level: 9 });
      const crc = crc32(body);
      return rawZip(Array.from({ length: 2_000 }, (_, i) => ({ name: `p${i}.pth`, method: 8, data, size: body.length, crc })));
    },
  },
  {
    name: 'pth100kTiny',
    filename: 'x-1.0-py3-none-any.whl',
    build: async () => {
      const data = strToU8('vendor\n');
      return rawZip(Array.from({ length: 100_000 }, (_, i) => ({ name: `t${i}.pth`, method: 0, data, size: data.length })));
    },
  },
];
