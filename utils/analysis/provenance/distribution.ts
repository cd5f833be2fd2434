// Is the attested subject the distribution PyPI serves? Compared the way pypi-attestations does it
// (packaging's parse_wheel_filename / parse_sdist_filename): PEP 503 name, PEP 440 version, build
// tag and the *set* of expanded wheel tags, so a wheel whose compressed tags are listed in another
// order still matches, while a loose match on the name alone never does.
import { eq, valid } from '@renovatebot/pep440';
import { normalizePackageName } from '../../lib/package-name';

export type ParsedDistribution = {
  name: string;
  version: string;
  buildTag: string | null;
  /** Expanded `python-abi-platform` triples, sorted; empty for sdists. */
  tags: string[];
  kind: 'wheel' | 'sdist';
};

const SDIST_SUFFIXES = ['.tar.gz', '.zip'];
const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._]*[A-Za-z0-9])?$/;

function expandTags(python: string, abi: string, platform: string): string[] {
  const tags = new Set<string>();
  for (const p of python.split('.')) for (const a of abi.split('.')) for (const pl of platform.split('.')) tags.add(`${p}-${a}-${pl}`);
  return [...tags].sort();
}

/** packaging's filename grammar; null when the name is neither a wheel nor an sdist it accepts. */
export function parseDistributionFilename(filename: string): ParsedDistribution | null {
  if (filename.length === 0 || filename.length > 512 || /[/\\]/.test(filename)) return null;
  if (filename.endsWith('.whl')) {
    const parts = filename.slice(0, -4).split('-');
    if (parts.length !== 5 && parts.length !== 6) return null;
    const [name = '', version = ''] = parts;
    const buildTag = parts.length === 6 ? parts[2]! : null;
    if (buildTag !== null && !/^\d/.test(buildTag)) return null; // packaging: a build tag starts with a digit
    const [python = '', abi = '', platform = ''] = parts.slice(-3);
    if (!NAME.test(name) || valid(version) === null || !python || !abi || !platform) return null;
    return { name: normalizePackageName(name), version, buildTag, tags: expandTags(python, abi, platform), kind: 'wheel' };
  }
  const suffix = SDIST_SUFFIXES.find((s) => filename.endsWith(s));
  if (!suffix) return null;
  const stem = filename.slice(0, -suffix.length);
  const dash = stem.lastIndexOf('-');
  if (dash <= 0) return null;
  const name = stem.slice(0, dash);
  const version = stem.slice(dash + 1);
  if (!NAME.test(name.replace(/-/g, '_')) || valid(version) === null) return null;
  return { name: normalizePackageName(name), version, buildTag: null, tags: [], kind: 'sdist' };
}

/** The subject name and the served filename denote the same distribution. */
export function sameDistribution(subjectName: string, filename: string): boolean {
  // No string-equality shortcut: like pypi-attestations, a name packaging cannot parse never matches.
  const subject = parseDistributionFilename(subjectName);
  const file = parseDistributionFilename(filename);
  if (!subject || !file) return false;
  return (
    subject.kind === file.kind &&
    subject.name === file.name &&
    eq(subject.version, file.version) &&
    subject.buildTag === file.buildTag &&
    subject.tags.join(' ') === file.tags.join(' ')
  );
}
