// The report's task graph (DESIGN §3): each fact is one task that declares what it needs; a small
// scheduler starts a task as soon as its needs are known, never waits for what it does not need, and
// runs ahead on values the page's hints already give (re-using that run when the real inputs agree).

/** One fact: what it needs, whether the settings allow it, and how it is made from its inputs. */
export type Task<F, K extends keyof F, N extends keyof F, C> = {
  id: K;
  needs: readonly N[];
  /** False: the fact is `whenOff(inputs)` (default: a disabled section) and `run` is never called. */
  enabled?: (ctx: C) => boolean;
  whenOff?: (inputs: Pick<F, N>, ctx: C) => F[K];
  /** The value the page's hints (or the request) give before `needs` are in: dependents may start on it. */
  hinted?: (ctx: C) => F[K] | undefined;
  run: (inputs: Pick<F, N>, ctx: C) => Promise<F[K]> | F[K];
};

/** A task of the graph with its types widened, for the task list (`defineTask` keeps each one typed as written). */
export type AnyTask<F, C> = Task<F, keyof F, keyof F, C>;

export const DISABLED = { state: 'disabled' } as const;

/** Keeps a task's inputs and output types tied together while it is written. */
export function defineTask<F, C>() {
  return <K extends keyof F, N extends keyof F>(task: Task<F, K, N, C>): AnyTask<F, C> => task as unknown as AnyTask<F, C>;
}

export type Graph<F> = {
  /** The final value of a fact (its task runs once, on its final inputs). */
  get<K extends keyof F>(id: K): Promise<F[K]>;
  /** Whether a fact's final value is in. */
  settled(id: keyof F): boolean;
  /** Runs every task whose needs are known from settled facts and hinted values; call when hints arrive. */
  runAhead(): void;
};

/**
 * A graph over `tasks`. `given` facts have no task (a request's page hints, a report's sections already
 * built); every other fact is made by its task, lazily on the first `get` and eagerly for `start`.
 */
export function createGraph<F, C>(
  tasks: readonly AnyTask<F, C>[],
  ctx: C,
  given: { [K in keyof F]?: F[K] | Promise<F[K]> } = {},
): Graph<F> {
  const byId = new Map<keyof F, AnyTask<F, C>>(tasks.map((t) => [t.id, t]));
  if (byId.size !== tasks.length) throw new Error('Two tasks make the same fact');
  const finals = new Map<keyof F, Promise<unknown>>();
  const settledValues = new Map<keyof F, unknown>();
  // Runs keyed by their inputs: a run ahead on hinted inputs is the final run when the final inputs agree.
  const runs = new Map<keyof F, Map<string, Promise<unknown>>>();
  const ahead = new Map<keyof F, unknown>();

  const settle = <T>(id: keyof F, promise: Promise<T>): Promise<T> => {
    promise.then(
      (value) => settledValues.set(id, value),
      () => undefined,
    );
    return promise;
  };

  function invoke(task: AnyTask<F, C>, inputs: Record<PropertyKey, unknown>, keyed: boolean): Promise<unknown> {
    if (task.enabled && !task.enabled(ctx)) {
      return Promise.resolve(task.whenOff ? task.whenOff(inputs as never, ctx) : DISABLED);
    }
    let byKey = runs.get(task.id);
    // Inputs are keyed only for a task that ran ahead: most tasks never pay for the key.
    if (!keyed && !byKey) return Promise.resolve().then(() => task.run(inputs as never, ctx));
    if (!byKey) runs.set(task.id, (byKey = new Map()));
    const key = JSON.stringify(task.needs.map((n) => inputs[n as PropertyKey]));
    let run = byKey.get(key);
    if (!run) {
      run = Promise.resolve().then(() => task.run(inputs as never, ctx));
      byKey.set(key, run);
    }
    return run;
  }

  function get<K extends keyof F>(id: K): Promise<F[K]> {
    const known = finals.get(id);
    if (known) return known as Promise<F[K]>;
    const task = byId.get(id);
    let promise: Promise<unknown>;
    if (id in given || !task) {
      if (!(id in given)) throw new Error(`No task or given value for fact "${String(id)}"`);
      promise = Promise.resolve(given[id]);
    } else {
      promise = Promise.all(task.needs.map((n) => get(n))).then((values) => {
        const inputs = Object.fromEntries(task.needs.map((n, i) => [n, values[i]]));
        return invoke(task, inputs, false);
      });
    }
    finals.set(id, settle(id, promise));
    return promise as Promise<F[K]>;
  }

  /** A value a dependent may start on: the settled final one, else one given by hints or an earlier run ahead. */
  function early(id: keyof F): { value: unknown; final: boolean } | null {
    if (settledValues.has(id)) return { value: settledValues.get(id), final: true };
    if (ahead.has(id)) return { value: ahead.get(id), final: false };
    const hinted = byId.get(id)?.hinted?.(ctx);
    return hinted === undefined ? null : { value: hinted, final: false };
  }

  const startedAhead = new Set<keyof F>();
  function runAhead(): void {
    for (const task of tasks) {
      if (task.id in given || task.hinted || startedAhead.has(task.id) || settledValues.has(task.id)) continue;
      if (task.enabled && !task.enabled(ctx)) continue;
      const values = task.needs.map((n) => early(n));
      // All final: nothing to run ahead of (the final run starts when the fact is asked for).
      if (values.some((v) => v === null) || values.every((v) => v!.final)) continue;
      startedAhead.add(task.id);
      const inputs = Object.fromEntries(task.needs.map((n, i) => [n, values[i]!.value]));
      invoke(task, inputs, true).then(
        (value) => {
          ahead.set(task.id, value);
          runAhead(); // its dependents may now run ahead too
        },
        () => undefined, // only a head start: the final run reports any failure
      );
    }
  }

  return { get, settled: (id) => settledValues.has(id), runAhead };
}
