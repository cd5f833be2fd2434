// One line of text from an advisory's markdown details, on recorded details.
import { describe, expect, it } from 'vitest';
import { SUMMARY_MAX_CHARS, clip, firstSentence } from '../../../../utils/lib/prose';
import { readRecorded } from '../../../support/fixtures';

const details = (file: string) => (readRecorded(file) as { details: string }).details;

describe('firstSentence', () => {
  it('skips the "### Summary" heading of the recorded aiohttp GHSA details (PyPI JSON)', () => {
    const vulns = (readRecorded('pypi.org/json/aiohttp-3.12.15.json') as { vulnerabilities: { id: string; details: string }[] })
      .vulnerabilities;
    expect(firstSentence(vulns.find((v) => v.id === 'GHSA-6mq8-rvhq-8wgg')!.details)).toBe(
      'A zip bomb can be used to execute a DoS against the aiohttp server.',
    );
  });

  it("skips OSSF's divider and source heading, and joins the hard-wrapped lines (recorded MAL-2025-6794)", () => {
    expect(firstSentence(details('api.osv.dev/vulns/MAL-2025-6794.ossf-malicious-packages.json'))).toBe(
      'The num2words project was compromised via a phishing attack and two new versions were uploaded to PyPI containing malicious code.',
    );
  });

  it('does not end a sentence inside a version, and joins a very short first sentence with the next', () => {
    expect(firstSentence('### Impact\nParsing in 3.13.3 is slow. More text.')).toBe('Parsing in 3.13.3 is slow. More text.');
    expect(firstSentence('### Impact\nThe `Range` parser in 3.13.3 accepts non-ASCII digits. Fixed in 3.13.4.')).toBe(
      'The `Range` parser in 3.13.3 accepts non-ASCII digits.',
    );
    expect(firstSentence('### Impact\n\n**Workarounds:**\n')).toBeNull();
    expect(firstSentence(null)).toBeNull();
  });

  it('caps at SUMMARY_MAX_CHARS with an ellipsis', () => {
    const long = `${'word '.repeat(100)}end.`;
    expect(firstSentence(long)).toHaveLength(SUMMARY_MAX_CHARS);
    expect(firstSentence(long)!.endsWith('…')).toBe(true);
    expect(clip('short', 10)).toBe('short');
  });
});
