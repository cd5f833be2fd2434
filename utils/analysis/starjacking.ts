// Starjacking: a repository link proves nothing unless the repository builds this package. Pure: the
// build files' text in, a judgement out. It only says "mismatch" when a file plainly declares an
// unrelated name; a monorepo, a missing file or an unreadable name is "could not confirm".
import { parse as parseToml } from 'smol-toml';
import type { BuildFile, DeclaredNameSource, StarjackingFacts } from '../contract/report';
import { isValidPackageName, normalizePackageName } from '../lib/package-name';

export type DeclaredName =
  | { kind: 'name'; name: string }
  /** The file is a workspace root (several packages): its own name says nothing about ours. */
  | { kind: 'workspace'; name: string | null }
  | { kind: 'none' };

const NONE: DeclaredName = { kind: 'none' };

function table(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function validName(value: unknown): string | null {
  return typeof value === 'string' && isValidPackageName(value.trim()) ? value.trim() : null;
}

/** `[project] name` (PEP 621), else Poetry's `[tool.poetry] name`, else flit's old `[tool.flit.metadata]`. */
export function declaredNameFromPyproject(text: string): DeclaredName {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch {
    return NONE;
  }
  const tool = table(doc.tool);
  const project = table(doc.project);
  const flit = table(table(tool?.flit)?.metadata);
  const name =
    validName(project?.name) ?? validName(table(tool?.poetry)?.name) ?? validName(flit?.['dist-name']) ?? validName(flit?.module);
  const workspace = table(table(tool?.uv)?.workspace) ?? table(table(tool?.pdm)?.workspace) ?? table(table(tool?.hatch)?.workspace);
  if (workspace) return { kind: 'workspace', name };
  return name ? { kind: 'name', name } : NONE;
}

/** `[metadata] name = …` of setuptools' declarative config (INI). */
export function declaredNameFromSetupCfg(text: string): DeclaredName {
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/[;#].*$/, '').trimEnd();
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      section = header[1]!.trim().toLowerCase();
      continue;
    }
    if (section !== 'metadata' || /^\s/.test(raw)) continue; // indented lines continue a value
    const entry = /^([A-Za-z_-]+)\s*[=:]\s*(.*)$/.exec(line);
    if (entry && entry[1]!.toLowerCase() === 'name') {
      const name = validName(entry[2]);
      return name ? { kind: 'name', name } : NONE;
    }
  }
  return NONE;
}

/**
 * `setup(name="…")`, best effort: only a literal string counts, and two different literals (say, one
 * per branch) make it unreadable rather than a guess. `name=NAME` (a variable) is unreadable too.
 */
export function declaredNameFromSetupPy(text: string): DeclaredName {
  const literals = new Set<string>();
  for (const match of text.matchAll(/(?<![\w.])name\s*=\s*(?:"([^"\n]{1,200})"|'([^'\n]{1,200})')/g)) {
    const name = validName(match[1] ?? match[2]);
    if (name) literals.add(normalizePackageName(name));
  }
  return literals.size === 1 ? { kind: 'name', name: [...literals][0]! } : NONE;
}

const READERS: Record<DeclaredNameSource, (text: string) => DeclaredName> = {
  'pyproject.toml': declaredNameFromPyproject,
  'setup.cfg': declaredNameFromSetupCfg,
  'setup.py': declaredNameFromSetupPy,
};

/**
 * Two names that share their first word or contain one another ("apache-airflow" and
 * "apache-airflow-providers-amazon") are a family: a monorepo or a sibling, not an accusation.
 */
export function relatedNames(a: string, b: string): boolean {
  const [x, y] = [normalizePackageName(a), normalizePackageName(b)];
  const words = (name: string) => name.split('-');
  const contains = (outer: string, inner: string) => `-${outer}-`.includes(`-${inner}-`);
  return contains(x, y) || contains(y, x) || (words(x)[0] === words(y)[0] && words(x)[0]!.length >= 3);
}

export type StarjackingInput = {
  packageName: string;
  files: BuildFile[];
  /** The link points into a folder of the repository (a monorepo layout). */
  subPath: string | null;
};

const base = { declaredName: null, source: null, fileUrl: null, declaredPackage: null } as const;

/**
 * A root build file's path is its bare name. When the link's sub-folder held none we could read, fetchBuildFiles
 * adds the root's: those are judged, and the facts name the unread sub-folder (on a popular repository, a caution).
 */
export function judgeStarjacking({ packageName, files, subPath }: StarjackingInput): StarjackingFacts {
  const atRoot = files.filter((f) => f.path === f.source);
  const inFolder = files.filter((f) => f.path !== f.source);
  if (!subPath || atRoot.length === 0 || inFolder.some((f) => f.text !== null)) {
    return judgeFiles(packageName, subPath ? inFolder : files, subPath ? `in ${subPath}/` : 'at the repository root');
  }
  const unreadable = inFolder.some((f) => f.error && f.error.kind !== 'not-found');
  const root = judgeFiles(packageName, atRoot, 'at the repository root');
  const folderSays = unreadable ? `the build files in ${subPath}/ could not be read` : `${subPath}/ holds no build file`;
  return { ...root, reason: `${folderSays}; at the repository root, ${lowerFirst(root.reason)}`, unreadSubPath: subPath };
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}

function judgeFiles(packageName: string, files: BuildFile[], where: string): StarjackingFacts {
  const unreadable = files.filter((f) => f.text === null && f.error && f.error.kind !== 'not-found');
  for (const file of files) {
    if (file.text === null) continue;
    const declared = READERS[file.source](file.text);
    if (declared.kind === 'none') continue;
    const found = { declaredName: declared.name, source: file.source, fileUrl: file.htmlUrl, declaredPackage: null };
    if (declared.name && normalizePackageName(declared.name) === normalizePackageName(packageName)) {
      return { ...found, state: 'match', reason: `${file.path} declares ${declared.name}` };
    }
    if (declared.kind === 'workspace') {
      return { ...found, state: 'unconfirmed', reason: `${file.path} is a workspace of several packages (a monorepo)` };
    }
    if (relatedNames(declared.name, packageName)) {
      return {
        ...found,
        state: 'unconfirmed',
        reason: `${file.path} declares ${declared.name}, a related name: likely a monorepo or a sibling package`,
      };
    }
    return { ...found, state: 'mismatch', reason: `${file.path} declares ${declared.name}, not ${packageName}` };
  }
  if (unreadable.length > 0) {
    return { ...base, state: 'unconfirmed', reason: `Could not read the build files ${where} (${unreadable[0]!.error!.message})` };
  }
  const present = files.filter((f) => f.text !== null);
  return {
    ...base,
    state: 'unconfirmed',
    reason:
      present.length > 0
        ? `The build files ${where} do not state a package name we can read`
        : `No pyproject.toml, setup.cfg or setup.py ${where} (a monorepo, or not a Python project)`,
  };
}

/** No check: the link is proven by provenance, or the repository is not on GitHub. */
export function skippedStarjacking(reason: string): StarjackingFacts {
  return { ...base, state: 'skipped', reason };
}
