// One line of text from markdown: what a summary should say when a record only has its details
// (GHSA details open with "### Impact", OSSF's with a "Per source details" divider).

/** A summary is one line of a panel, not the whole advisory: past this it is cut. */
export const SUMMARY_MAX_CHARS = 300;

/** Lines that are markup, not prose: headings, rules, OSSF's "_-= … =-_" divider, a bold line used as a heading. */
const MARKUP = [/^#{1,6}(\s|$)/, /^[-=_*]{3,}$/, /^_-=.*=-_$/, /^\*\*[^*]+\*\*:?$/];

/** The text capped at `maxChars`, an ellipsis marking the cut. */
export function clip(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars - 1).trimEnd()}…` : text;
}

/** A shorter first sentence says what the project is ("Requests is a HTTP library."), not what is wrong. */
const SHORT_SENTENCE_CHARS = 40;

/**
 * The first sentence of the first prose paragraph (hard-wrapped lines joined; a very short one with
 * the next), capped; null when there is no prose. A sentence ends at . ! or ? before a space, so
 * "3.13.3" does not end one.
 */
export function firstSentence(markdown: string | null | undefined, maxChars = SUMMARY_MAX_CHARS): string | null {
  const paragraph: string[] = [];
  for (const raw of (markdown ?? '').split('\n')) {
    const line = raw.trim();
    if (line.length === 0 || MARKUP.some((pattern) => pattern.test(line))) {
      if (paragraph.length > 0) break;
      continue;
    }
    paragraph.push(line);
  }
  if (paragraph.length === 0) return null;
  const text = paragraph.join(' ').replace(/\s+/g, ' ');
  const sentences = text.match(/.+?[.!?](?=\s|$)|.+$/g) ?? [text];
  let chosen = sentences[0]!;
  for (const next of sentences.slice(1)) {
    if (chosen.length >= SHORT_SENTENCE_CHARS) break;
    chosen += next;
  }
  return clip(chosen.trim(), maxChars);
}
