// Name shapes the typosquat check compares: a name without separators, without a "python"/"py" affix,
// with look-alike characters read as letters, with doubled letters collapsed, split into words.

/**
 * Words that combosquats add to a popular name ("pygame-install", "print-django", "requests-utils"): the
 * ones recorded malicious uploads use, none a project name on its own. Documented in docs/checks.md.
 */
export const FILLER_WORDS: readonly string[] = [
  'install',
  'installer',
  'print',
  'sys',
  'os',
  'lib',
  'libs',
  'python3',
  'py',
  'py3',
  'dev',
  'tool',
  'tools',
  'api',
  'sdk',
  'helper',
  'core',
  'util',
  'utils',
  'plus',
  'pro',
  'new',
  'official',
  'easy',
  'update',
  'upgrade',
  'latest',
  'https',
  'plugin',
];
const FILLERS = new Set(FILLER_WORDS);
export const isFiller = (word: string) => FILLERS.has(word);

/** Affixes that say "Python" and nothing else, longest first so "python3-" is not read as "python" + "3-". */
const PREFIXES = ['python3-', 'python-', 'py3-', 'py-', 'python3', 'python', 'py3', 'py'];
const SUFFIXES = ['-python3', '-python', '-py3', '-py', 'python3', 'python', 'py3', 'py'];
/** A core shorter than this after removing an affix is too generic to point at one project. */
export const MIN_AFFIX_CORE = 3;
/** Without a separator ("pyfoo", "foopy") the core must be longer: many real names start with "py". */
export const MIN_BARE_AFFIX_CORE = 5;

/** Separators removed: "python-dateutil" and "python_date.util" both become "pythondateutil". */
export const squash = (normalized: string) => normalized.replace(/-/g, '');

export type AffixFamily = 'py' | 'python' | null;
/** `bare`: the affix had no separator ("pyfoo"), which many real names share by chance. */
export type Core = { core: string; family: AffixFamily; bare: boolean };

/** The name's cores: itself (no affix) and the name without each "python"/"py" prefix or suffix it has. */
export function coresOf(normalized: string): Core[] {
  const cores: Core[] = [{ core: squash(normalized), family: null, bare: false }];
  const familyOf = (affix: string): AffixFamily => (affix.includes('python') ? 'python' : 'py');
  const accept = (rest: string, affix: string) => {
    const core = squash(rest);
    const bare = !affix.includes('-');
    if (core.length >= (bare ? MIN_BARE_AFFIX_CORE : MIN_AFFIX_CORE) && !rest.startsWith('-') && !rest.endsWith('-'))
      cores.push({ core, family: familyOf(affix), bare });
  };
  for (const prefix of PREFIXES) {
    if (normalized.startsWith(prefix) && normalized.length > prefix.length) {
      accept(normalized.slice(prefix.length), prefix);
      break;
    }
  }
  for (const suffix of SUFFIXES) {
    if (normalized.endsWith(suffix) && normalized.length > suffix.length) {
      accept(normalized.slice(0, -suffix.length), suffix);
      break;
    }
  }
  return cores;
}

/** Digits and letter pairs that read as another letter at a glance. */
const LOOK_ALIKES: [RegExp, string][] = [
  [/0/g, 'o'],
  [/1/g, 'l'],
  [/3/g, 'e'],
  [/5/g, 's'],
  [/rn/g, 'm'],
  [/vv/g, 'w'],
];

const ANY_LOOK_ALIKE = /[0135]|rn|vv/;

export function skeletonOf(squashed: string): string {
  if (!ANY_LOOK_ALIKE.test(squashed)) return squashed;
  return LOOK_ALIKES.reduce((text, [pattern, letter]) => text.replace(pattern, letter), squashed);
}

/** Every run of one letter read as one: "requestss", "reqquests" and "requests" agree. */
export const collapseDoubles = (squashed: string) => squashed.replace(/(.)\1+/g, '$1');

/** The same word as plural or singular: "requests" → "request", "request" → "requests". */
export function pluralForms(squashed: string): string[] {
  if (squashed.endsWith('s')) return [squashed.slice(0, -1)];
  return [`${squashed}s`];
}

/** Hyphenated words in a fixed order: "toolkit-prompt" and "prompt-toolkit" agree. */
export function wordOrderKey(normalized: string): string | null {
  const words = normalized.split('-');
  return words.length >= 2 ? [...words].sort().join('-') : null;
}

/** Same letters in any order, for names long enough that this is rare by chance ("matlibplot"). */
export const MIN_ANAGRAM_LETTERS = 8;
export const anagramKey = (squashed: string) => `${squashed[0]}:${[...squashed].sort().join('')}`;
