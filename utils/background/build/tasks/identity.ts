// The name and its owners: is the name a look-alike of a popular one (typosquat), and did its owners change
// since this browser last looked. The most-downloaded list needs neither PyPI nor the page: it loads first.
import type { IdentityFacts, Section } from '../../../contract/report';
import { normalizePackageName } from '../../../lib/package-name';
import { checkTyposquat } from '../../../analysis/typosquat';
import { task } from '../facts';

export const topListTask = task({
  id: 'topList',
  needs: [],
  enabled: ({ identity }) => identity !== undefined,
  whenOff: () => null,
  run: (_, { identity }) => identity!.topList(),
});

export const identityTask = task({
  id: 'identity',
  needs: ['releases', 'topList'],
  enabled: ({ identity }) => identity !== undefined,
  whenOff: () => null,
  run: async ({ releases, topList }, { identity, request, now }): Promise<Section<IdentityFacts>> => {
    const nowIso = new Date(now()).toISOString();
    const top = topList!;
    const facts = releases.state === 'ok' ? releases.data : null;
    const ownership = facts?.ownership
      ? await identity!.ownership.visit(normalizePackageName(request.name), facts.ownership, facts.releases, nowIso).catch(() => null)
      : null;
    return {
      state: 'ok',
      data: { topList: top.status, typosquat: top.index ? checkTyposquat(request.name, top.index) : null, ownership },
      fetchedAt: nowIso,
      fromCache: false,
    };
  },
});
