// Ordering by UTF-16 code units: deterministic, locale-free, and free of the ICU collator that
// String#localeCompare loads on its first call (milliseconds in a freshly started worker). Used for
// IDs, ISO dates and package names, where a language's collation has nothing to add.
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
