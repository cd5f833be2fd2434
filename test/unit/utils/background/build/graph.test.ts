// The scheduler of the report's task graph: a task starts as soon as its needs are in, never waits for what
// it does not need, runs ahead on hinted values, and that run is the final one only when the inputs agree.
import { describe, expect, it } from 'vitest';
import { createGraph, defineTask, DISABLED } from '../../../../../utils/background/build/graph';

type Facts = { hint: string | undefined; a: string; b: string; c: string; d: string; off: unknown };
type Ctx = { hint: () => string | undefined; on: boolean; log: string[] };

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

function graphOf(opts: { aValue: Promise<string>; on?: boolean; hint?: string }) {
  const task = defineTask<Facts, Ctx>();
  const ctx: Ctx = { hint: () => opts.hint, on: opts.on ?? true, log: [] };
  const tasks = [
    task({ id: 'a', needs: [], hinted: (c) => c.hint(), run: () => (ctx.log.push('a'), opts.aValue) }),
    task({ id: 'b', needs: ['a'], run: ({ a }) => (ctx.log.push(`b(${a})`), `b:${a}`) }),
    task({ id: 'c', needs: [], run: () => (ctx.log.push('c'), 'c') }),
    task({ id: 'd', needs: ['b', 'c'], run: ({ b, c }) => `${b}+${c}` }),
    task({ id: 'off', needs: ['c'], enabled: (c) => c.on, whenOff: ({ c }) => `off after ${c}`, run: () => 'on' }),
  ];
  return { graph: createGraph(tasks, ctx, { hint: opts.hint }), ctx };
}

describe('createGraph', () => {
  it('runs a task once its needs are in, and each task once', async () => {
    const { graph, ctx } = graphOf({ aValue: Promise.resolve('x') });
    expect(await graph.get('d')).toBe('b:x+c');
    expect(await graph.get('b')).toBe('b:x');
    expect(ctx.log.sort()).toEqual(['a', 'b(x)', 'c']);
  });

  it('never waits for what a task does not need', async () => {
    const a = deferred<string>();
    const { graph } = graphOf({ aValue: a.promise });
    const d = graph.get('d');
    expect(await graph.get('c')).toBe('c');
    expect(graph.settled('c')).toBe(true);
    expect(graph.settled('d')).toBe(false);
    a.resolve('late');
    expect(await d).toBe('b:late+c');
  });

  it('runs ahead on a hinted value, and reuses that run when the final value agrees', async () => {
    const a = deferred<string>();
    const { graph, ctx } = graphOf({ aValue: a.promise, hint: 'x' });
    graph.runAhead();
    await tick();
    expect(ctx.log).toContain('b(x)'); // started before `a` is known
    a.resolve('x');
    expect(await graph.get('b')).toBe('b:x');
    expect(ctx.log.filter((l) => l.startsWith('b('))).toEqual(['b(x)']);
  });

  it('runs again on the final inputs when the hint was wrong', async () => {
    const a = deferred<string>();
    const { graph, ctx } = graphOf({ aValue: a.promise, hint: 'shown' });
    graph.runAhead();
    await tick();
    a.resolve('real');
    expect(await graph.get('b')).toBe('b:real');
    expect(ctx.log.filter((l) => l.startsWith('b('))).toEqual(['b(shown)', 'b(real)']);
  });

  it('does not run ahead without hints', async () => {
    const a = deferred<string>();
    const { graph, ctx } = graphOf({ aValue: a.promise });
    graph.runAhead();
    await tick();
    expect(ctx.log).toEqual([]);
    a.resolve('x');
    expect(await graph.get('b')).toBe('b:x');
  });

  it('gives whenOff(inputs) for a task the settings turn off, without running it', async () => {
    const { graph } = graphOf({ aValue: Promise.resolve('x'), on: false });
    expect(await graph.get('off')).toBe('off after c');
    const task = defineTask<Facts, Ctx>();
    const bare = createGraph([task({ id: 'off', needs: [], enabled: () => false, run: () => 'on' })], {
      hint: () => undefined,
      on: false,
      log: [],
    });
    expect(await bare.get('off')).toEqual(DISABLED);
  });

  it('takes given facts instead of running their tasks', async () => {
    const task = defineTask<Facts, Ctx>();
    const ctx: Ctx = { hint: () => undefined, on: true, log: [] };
    const graph = createGraph(
      [task({ id: 'a', needs: [], run: () => (ctx.log.push('a'), 'fetched') }), task({ id: 'b', needs: ['a'], run: ({ a }) => `b:${a}` })],
      ctx,
      { a: 'given' },
    );
    expect(await graph.get('b')).toBe('b:given');
    expect(ctx.log).toEqual([]);
  });

  it('names a fact that has neither a task nor a given value', () => {
    const graph = createGraph<Facts, Ctx>([], { hint: () => undefined, on: true, log: [] });
    expect(() => graph.get('a')).toThrow('No task or given value for fact "a"');
  });

  it('passes a failing task on to its dependents, and a run ahead that fails does not', async () => {
    const { graph } = graphOf({ aValue: Promise.reject(new Error('upstream bug')) });
    await expect(graph.get('d')).rejects.toThrow('upstream bug');
    const task = defineTask<Facts, Ctx>();
    let calls = 0;
    const flaky = createGraph(
      [
        task({ id: 'a', needs: [], hinted: () => 'h', run: () => 'final' }),
        task({ id: 'b', needs: ['a'], run: ({ a }) => (calls++, a === 'h' ? Promise.reject(new Error('ahead')) : `b:${a}`) }),
      ],
      { hint: () => 'h', on: true, log: [] },
    );
    flaky.runAhead();
    await tick();
    expect(await flaky.get('b')).toBe('b:final');
    expect(calls).toBe(2);
  });
});

describe('the report graph', () => {
  it('has one task per fact: every section, none twice, and nothing needed that no task makes', async () => {
    const { REPORT_TASKS } = await import('../../../../../utils/background/build');
    const { REPORT_SECTIONS } = await import('../../../../../utils/contract/report');
    const ids = REPORT_TASKS.map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining([...REPORT_SECTIONS]));
    const given = ['hints'];
    for (const task of REPORT_TASKS) for (const need of task.needs) expect([...ids, ...given]).toContain(need);
  });

  it('refuses two tasks for one fact', () => {
    const task = defineTask<Facts, Ctx>();
    const twice = [task({ id: 'c', needs: [], run: () => 'one' }), task({ id: 'c', needs: [], run: () => 'two' })];
    expect(() => createGraph(twice, { hint: () => undefined, on: true, log: [] })).toThrow('Two tasks make the same fact');
  });
});
