import { finding, okData, projectPage } from '../helpers';
import type { Rule } from '../types';

const ID = 'repository-claimed';

/** Anyone can type any URL into their package metadata; only some links are proven. */
export const repositoryClaimed: Rule = {
  id: ID,
  title: 'Repository link is not verified',
  rationale: 'An unverified repository link is only a claim: a package can point at a popular repository it has nothing to do with.',
  thresholds: [],
  evaluate(input) {
    const facts = okData(input.repository);
    const link = facts?.link;
    if (!facts || !link || facts.verification.status !== 'claimed') return [];
    return [
      finding(
        input,
        ID,
        'info',
        `Repository link is claimed, not verified: ${link.url}`,
        'PyPI marks a URL verified when the release was published via Trusted Publishing from that repository, ' +
          "or when the URL points at the project's own PyPI-verified domain; deps.dev's PYPI_PUBLISH_ATTESTATION is the same evidence. " +
          'Neither applies here, so the link is what the uploader wrote in the metadata.',
        [{ label: `Linked repository (${link.label})`, url: link.url }, projectPage(input)],
      ),
    ];
  },
};
