// Results worked out once and kept on the object they describe (an instruction, a stage, a model, a YAML
// document) for as long as that object lives, under a symbol-keyed property that only this module's callers name.
//
// Why not a WeakMap keyed by the object: V8's young-generation collector cannot free a WeakMap entry whose value
// refers back to its key (an instruction's install commands refer to the instruction, a model's roles to its
// stages). Every model analysed then outlived two minor collections and was promoted to the old generation, and
// each minor collection copied megabytes: analyses of a 57-line Dockerfile stalled for 10-25 ms every 30 edits.

/** The key of one kind of memoised result; `T` is the type of the result it holds. */
export type MemoKey<T> = symbol & { readonly __memo?: T };

/** A new key for one kind of memoised result, named for debugging. */
export function memoKey<T>(description: string): MemoKey<T> {
  return Symbol(description) as MemoKey<T>;
}

/** What `compute` gives for `owner`: computed the first time `key` is asked of `owner`, and kept on it after. */
export function memoized<T>(owner: object, key: MemoKey<T>, compute: () => NoInfer<T>): T {
  const store = owner as Record<symbol, T>;
  if (key in store) return store[key];
  const value = compute();
  Object.defineProperty(owner, key, { value, writable: true, enumerable: false, configurable: true });
  return value;
}

/** What was kept on `owner` under `key`, if anything was. */
export function remembered<T>(owner: object, key: MemoKey<T>): T | undefined {
  return (owner as Record<symbol, T | undefined>)[key];
}
