// Answers assembled at scenario load time, only from recorded parts (nothing is written into the
// project). Each kind says which recorded fields it takes; test/fixtures/ASSEMBLED.md documents them.
import { readFileSync } from 'node:fs';
import { recordedPath } from './fixtures';

export type AssembledSpec = {
  /** A PyPI JSON project answer (`/pypi/<name>/json`) from a recorded Simple index and a recorded page. */
  kind: 'pypi-json-from-simple';
  /** Recorded PEP 691 Simple JSON: releases, files, sha256, sizes, upload times, yanked reasons. */
  simple: string;
  /** Recorded pypi.org project page: project name, summary and project links as the page shows them. */
  page: string;
  /** Build the version answer (`/pypi/<name>/<version>/json`) instead of the project answer. */
  version?: string;
};

type SimpleFile = {
  filename: string;
  url: string;
  hashes: { sha256?: string };
  size?: number;
  'upload-time'?: string;
  yanked?: boolean | string;
  'requires-python'?: string | null;
};
type SimpleIndex = { name: string; versions: string[]; files: SimpleFile[] };

export function assemble(spec: AssembledSpec): Buffer {
  if (spec.kind !== 'pypi-json-from-simple') throw new Error(`Unknown assembled kind ${String(spec.kind)}`);
  const simple = JSON.parse(readFileSync(recordedPath(spec.simple), 'utf8')) as SimpleIndex;
  const page = readFileSync(recordedPath(spec.page), 'utf8');
  const title = /<h1 class="project-header__name">\s*([^<]+?)\s*<\/h1>/.exec(page)?.[1]?.trim().split(/\s+/) ?? [];
  const [pageName, pageVersion] = title;
  if (!pageName || !pageVersion) throw new Error(`${spec.page}: no "<name> <version>" title to assemble from`);
  const summary = /<p class="project-header__summary">([^<]*)<\/p>/.exec(page)?.[1]?.trim() ?? null;
  const projectUrls: Record<string, string> = {};
  for (const m of page.matchAll(/<a class="sidebar-links__link" href="([^"]+)"[^>]*>(?:\s|<i[^>]*><\/i>)*([^<]+)<\/a>/g)) {
    projectUrls[m[2]!.trim()] = m[1]!;
  }

  const releases: Record<string, ReturnType<typeof toPypiFile>[]> = {};
  for (const version of simple.versions) releases[version] = [];
  for (const file of simple.files) {
    const version = simple.versions.find((v) => belongsTo(file.filename, simple.name, v));
    if (version) releases[version]!.push(toPypiFile(file));
  }
  const version = spec.version ?? pageVersion;
  const files = releases[version] ?? [];
  const yankedReason = files.length > 0 && files.every((f) => f.yanked) ? files[0]!.yanked_reason : null;
  const info = {
    name: pageName,
    version,
    summary,
    home_page: null,
    project_urls: projectUrls,
    requires_python: simple.files.find((f) => belongsTo(f.filename, simple.name, version))?.['requires-python'] ?? null,
    yanked: yankedReason !== null,
    yanked_reason: yankedReason,
  };
  // PyPI's own `vulnerabilities` list was not recorded for this project, so the key is left out.
  const body = spec.version === undefined ? { info, releases, urls: files } : { info, urls: files };
  return Buffer.from(JSON.stringify(body));
}

function belongsTo(filename: string, project: string, version: string): boolean {
  const escaped = project.replace(/[-_.]+/g, '[-_.]+');
  const v = version.replace(/[.+]/g, (c) => `\\${c}`);
  return new RegExp(`^${escaped}-${v}(?:\\.tar\\.gz|\\.zip|\\.tar\\.bz2|-.+\\.whl|\\.egg|-.+\\.exe)$`, 'i').test(filename);
}

function toPypiFile(file: SimpleFile) {
  const yanked = file.yanked !== undefined && file.yanked !== false;
  return {
    filename: file.filename,
    url: file.url,
    packagetype: file.filename.endsWith('.whl') ? 'bdist_wheel' : /\.(tar\.gz|zip|tar\.bz2)$/.test(file.filename) ? 'sdist' : 'bdist_egg',
    digests: { sha256: file.hashes.sha256 ?? null },
    size: file.size ?? null,
    upload_time_iso_8601: file['upload-time'] ?? null,
    yanked,
    yanked_reason: typeof file.yanked === 'string' ? file.yanked : null,
  };
}
