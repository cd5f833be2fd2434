// English words for counts, shared by the rules' text and the panel's, so both say "1,234 files" alike.
import { groupDigits } from './numbers';

/** "1 file", "1,234 files"; `many` for plurals that are not one + "s" ("advisories"). */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${groupDigits(count)} ${count === 1 ? one : many}`;
}
