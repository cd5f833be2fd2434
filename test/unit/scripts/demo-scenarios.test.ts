// `npm run demo` serves each scenario without its untruthful stand-ins (test/support/scenario.ts `withoutStandIns`):
// another package's recorded answer is replaced by a 503 "not recorded", so no screenshot shows it as the shown
// package's; a stand-in marked `demo` (the package's own data under another route, or a page that only hosts the
// panel) is kept.
import { describe, expect, it } from 'vitest';
import { loadScenario, NOT_RECORDED_STATUS, pageIsStandIn, withoutStandIns } from '../../support/scenario';

describe('demo scenarios', () => {
  it("luigi: PyGithub's GitHub answer and the borrowed Simple 404 become 'not recorded'; luigi's own JSON stays", () => {
    const recorded = loadScenario('luigi');
    const demo = withoutStandIns(recorded);
    const status = (key: string) => demo.routes.find((r) => r.key === key)!.status;
    expect(status('api.github.com GET /repos/spotify/luigi')).toBe(NOT_RECORDED_STATUS);
    expect(status('pypi.org GET /simple/luigi/')).toBe(NOT_RECORDED_STATUS);
    expect(status('pypi.org GET /pypi/luigi/3.6.0/json')).toBe(200);
    expect(status('pypi.org GET /pypi/luigi/json')).toBe(200);
    const github = demo.routes.find((r) => r.key === 'api.github.com GET /repos/spotify/luigi')!;
    expect(github.body.toString('utf8')).not.toContain('PyGithub');
    // The scenario the tests use is untouched.
    expect(recorded.routes.find((r) => r.key === 'api.github.com GET /repos/spotify/luigi')!.status).toBe(200);
  });

  it('a stand-in named in `keep` is served as recorded (a shot that shows only a part it cannot change)', () => {
    const demo = withoutStandIns(loadScenario('aiohttp-3.12.15'), ['pypi.org GET /pypi/aiohttp/json']);
    expect(demo.routes.find((r) => r.key === 'pypi.org GET /pypi/aiohttp/json')!.status).toBe(200);
    expect(demo.routes.find((r) => r.key === 'api.github.com GET /repos/aio-libs/aiohttp')!.status).toBe(NOT_RECORDED_STATUS);
  });

  it('a page that only hosts the panel is known, so the demo shows the panel alone', () => {
    expect(pageIsStandIn(loadScenario('provenance-sampleproject'), '/project/sampleproject/4.0.0/')).toBe(true);
    expect(pageIsStandIn(loadScenario('luigi'), '/project/luigi/')).toBe(false);
  });

  it('every stand-in that shows another package under the shown name is replaced in every demo scenario', () => {
    for (const name of ['luigi', 'luigi-2024', 'requests', 'black-21.11b0', 'tennis-2023', 'search-flask', 'popup']) {
      const scenario = loadScenario(name);
      const demo = withoutStandIns(scenario);
      for (const standIn of scenario.standIns.filter((s) => s.recorded?.includes('PyGithub') || s.why.includes('round-robin'))) {
        expect(demo.routes.find((r) => r.key === standIn.route)!.status, `${name}: ${standIn.route}`).toBe(NOT_RECORDED_STATUS);
      }
    }
  });
});
