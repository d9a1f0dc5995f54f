/**
 * A store that is another store with its own `commit` (commit-watch.ts times and reports
 * commits, ownership/fenced-storage.ts fences them). A Proxy rather than a class that forwards
 * each method: the Storage interface is still growing, and only `commit` differs. Methods are
 * bound to the inner store (it has state).
 */
import type { Storage } from './storage.ts';

export function withCommit(inner: Storage, commit: Storage['commit']): Storage {
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(inner, {
    get(target, prop) {
      if (prop === 'commit') return commit;
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      let fn = bound.get(prop);
      if (!fn) bound.set(prop, (fn = (value as (...a: unknown[]) => unknown).bind(target)));
      return fn;
    },
  });
}
