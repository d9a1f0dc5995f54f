/** Gives a component one model instance for its lifetime and destroys it on unmount. */
import { useEffect, useState } from 'preact/hooks';

/** Anything with clean-up. */
export interface Disposable {
  destroy(): void;
}

/** Creates the model once (re-created when a key changes) and calls its `destroy()` when done. */
export function useModel<T extends Disposable>(create: () => T, keys: readonly unknown[] = []): T {
  const [state, setState] = useState(() => ({ keys, model: create() }));
  let current = state;
  if (keys.length !== state.keys.length || keys.some((k, i) => !Object.is(k, state.keys[i]))) {
    current = { keys, model: create() };
    setState(current);
  }
  const { model } = current;
  useEffect(() => () => model.destroy(), [model]);
  return model;
}
