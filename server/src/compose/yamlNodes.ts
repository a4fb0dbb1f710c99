// The yaml package's node classes and predicates as plain constants. Bundled (esbuild), a named import from the
// CommonJS yaml package is read through a getter at every use, and the analysis of a 1 MB Compose file makes
// millions of them; these are read once. Each class is also exported as its type.
import * as yaml from 'yaml';

export const { isAlias, isCollection, isMap, isPair, isScalar, isSeq, Alias, Pair, Scalar, YAMLMap, YAMLSeq } = yaml;
export type Alias = yaml.Alias;
export type Pair<K = unknown, V = unknown> = yaml.Pair<K, V>;
export type Scalar<T = unknown> = yaml.Scalar<T>;
export type YAMLMap<K = unknown, V = unknown> = yaml.YAMLMap<K, V>;
export type YAMLSeq<T = unknown> = yaml.YAMLSeq<T>;
export type { Document, Node } from 'yaml';

/**
 * One key of a mapping as DockML reads it (yaml.ts): the key's name and scalar, the value node, and whether it came in
 * through a merge. A mapping the fast path built without merge keys gives its pairs themselves as its entries.
 */
export interface Entry {
  readonly name: string;
  readonly keyNode: yaml.Scalar;
  readonly value: yaml.Node | null;
  readonly pair: yaml.Pair<yaml.Node, yaml.Node | null>;
  /** True when the entry is inherited through `<<: *anchor`; fixes must not edit it in place. */
  readonly merged: boolean;
}
