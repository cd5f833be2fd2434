// Where a finding's "Why this rule?" may point.
import { safeHttpsUrl } from '../../utils/lib/safe-url';

/** Rule pages may live inside the extension (chrome-extension://…/rules.html); anything else must be https:. */
export function safeRuleUrl(raw: string): string | null {
  if (/^(chrome|moz|safari-web)-extension:\/\/[a-z0-9-]+\//i.test(raw)) return raw;
  return safeHttpsUrl(raw);
}
