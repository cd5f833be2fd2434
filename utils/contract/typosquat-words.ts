// How a name resembles a popular one, in words: the typosquat rule's findings, the panel's Name line,
// the popup's "did you mean" and pypi.org's 404 banner say the same thing, so it is written once, here.
import type { TyposquatCandidate, TyposquatKind } from './report';

/** A short label per kind ("combosquat", "typo"), for the panel and the popup. */
export const TYPOSQUAT_KIND_LABELS: Record<TyposquatKind, string> = {
  separators: 'same name, other separators',
  'look-alike': 'look-alike characters',
  transposition: 'swapped letters',
  'doubled-letter': 'doubled or dropped letter',
  edit: 'typo',
  affix: 'Python affix',
  'py-swap': 'py/python swapped',
  plural: 'plural/singular',
  'word-order': 'words reordered',
  'combo-names': 'two popular names joined',
  'combo-filler': 'popular name plus a filler word',
  'combo-word': 'popular name plus a word',
};

/** "reqeusts swaps two neighbouring letters of requests": the verb phrase between the two names. */
export function howItResembles(c: Pick<TyposquatCandidate, 'kind' | 'distance' | 'partner' | 'filler'>): string {
  switch (c.kind) {
    case 'separators':
      return 'differs only by separators (- _ .) from';
    case 'look-alike':
      return 'swaps a digit or letters for look-alikes (0/o, 1/l, rn/m…) in';
    case 'transposition':
      return 'swaps two neighbouring letters of';
    case 'doubled-letter':
      return 'doubles or drops a repeated letter of';
    case 'edit':
      return `is ${c.distance === 1 ? 'one letter' : `${c.distance} letters`} (added, dropped or changed) away from`;
    case 'affix':
      return 'adds or drops a Python affix ("python-", "py", "-py", "python3-") to';
    case 'py-swap':
      return 'swaps "py" and "python" in';
    case 'plural':
      return 'is the plural or singular of';
    case 'word-order':
      return 'reorders the words of';
    case 'combo-names':
      return c.partner ? `joins ${c.partner.name} to` : 'joins another popular name to';
    case 'combo-filler':
    case 'combo-word':
      return c.filler ? `adds the word "${c.filler}" to` : 'adds a word to';
  }
}

/** Kinds that copy a popular name whole and add to it (combosquats), rather than mistype it. */
export function isCombosquat(kind: TyposquatKind): boolean {
  return kind === 'affix' || kind === 'py-swap' || kind === 'plural' || kind === 'word-order' || kind.startsWith('combo-');
}
