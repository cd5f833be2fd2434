// Lets plain Node (tsx) import the background's code. `ae-cvss-calculator` ships a webpack UMD bundle
// whose named exports Node's ESM loader cannot see (`import { fromVector }` works in Vite and Vitest,
// not in Node). This registers a module hook, for this process only, that serves such a package as an
// ES module re-exporting its CommonJS exports by name. The extension's code is not changed.
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

export function registerCjsNamedExports(packages: string[]): void {
  const require = createRequire(import.meta.url);
  const shims: Record<string, string> = {};
  for (const name of packages) {
    const exports = require(name) as Record<string, unknown>;
    const keys = Object.keys(exports).filter((k) => IDENTIFIER.test(k) && k !== 'default' && k !== '__esModule');
    shims[name] = `import m from ${JSON.stringify(pathToFileURL(require.resolve(name)).href)};\nexport default m;\n` +
      keys.map((k) => `export const ${k} = m.${k};`).join('\n');
  }
  const hook = `const shims = ${JSON.stringify(shims)};
export async function resolve(specifier, context, next) {
  if (Object.hasOwn(shims, specifier)) return { url: 'bench-shim:' + specifier, shortCircuit: true };
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (url.startsWith('bench-shim:')) return { format: 'module', source: shims[url.slice('bench-shim:'.length)], shortCircuit: true };
  return next(url, context);
}`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}
