// Where a trust rule is explained: its section on the extension's rules page (RulesPage anchors each by rule id).

/** `getURL` is browser.runtime.getURL: the page's address differs per browser and per install. */
export function rulePageUrl(getURL: (path: `/rules.html#${string}`) => string): (ruleId: string) => string {
  return (ruleId) => getURL(`/rules.html#${encodeURIComponent(ruleId)}`);
}
