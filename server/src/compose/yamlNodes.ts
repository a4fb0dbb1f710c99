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
