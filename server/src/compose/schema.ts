// Validates Compose data against the Compose Specification schema and turns ajv's errors into the few
// problems a person acts on: oneOf/anyOf noise collapsed into one problem, `${VAR}` values accepted where
// Compose interpolates them before it validates, and half-typed (empty) values left alone.
import type { ErrorObject } from 'ajv';
import type validateFn from './schema/validate';

export type JsonType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

/** One schema problem, located by the path of keys and indexes from the document's root. */
export type SchemaIssue =
  | { kind: 'unknownKey'; path: string[]; key: string; allowed: string[]; extensions: boolean }
  | { kind: 'invalidName'; path: string[]; key: string }
  | { kind: 'type'; path: string[]; expected: JsonType[]; actual: JsonType }
  | { kind: 'enum'; path: string[]; allowed: string[]; value: string }
  /** Alternatives, each a set of keys that must all be present (`[['capabilities'], ['driver']]`). */
  | { kind: 'required'; path: string[]; missing: string[][] }
  /** `path` leads to the later of two identical items. */
  | { kind: 'duplicate'; path: string[] }
  | { kind: 'other'; path: string[]; message: string };

/** An ajv error, or one made here by merging several. */
interface Problem {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  data?: unknown;
  parentSchema?: { type?: unknown; properties?: object; patternProperties?: object };
  message?: string;
}

let compiled: typeof validateFn | undefined;

/** The validator compiled ahead of time (see scripts/refresh-compose-schema.mjs), loaded on first use. */
function validator(): typeof validateFn {
  compiled ??= require('./schema/validate') as typeof validateFn;
  return compiled;
}

/** The schema problems of Compose data as loaded from YAML; none when there is no data. */
export function validateCompose(data: unknown): SchemaIssue[] {
  if (data === undefined) return [];
  const validate = validator();
  if (validate(data)) return [];
  const problems = mergeRequired(collapse((validate.errors ?? []) as ErrorObject[] as Problem[]));
  return problems.filter((p) => !excused(p)).map(toIssue);
}

/** A JSON pointer as a list of keys and indexes. */
function segments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function within(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

function jsonType(value: unknown): JsonType {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value === 'object' ? 'object' : typeof value === 'boolean' ? 'boolean' : 'string';
}

function typeList(type: unknown): JsonType[] {
  return (Array.isArray(type) ? type : [type]).filter((t): t is JsonType => typeof t === 'string');
}

/** Whether a value has one of a schema's types (a schema without `type` takes any value). */
function fits(type: unknown, value: unknown): boolean {
  if (type === undefined) return true;
  const actual = jsonType(value);
  return typeList(type).some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

/**
 * Replaces each oneOf/anyOf error and the branch errors before it (ajv reports a combinator's branches
 * first, then the combinator) with what matters: the errors of the branches whose type fits the value,
 * or else one type error listing every type the branches accept.
 */
function collapse(errors: Problem[]): Problem[] {
  const out: Problem[] = [];
  for (const error of errors) {
    if (error.keyword !== 'oneOf' && error.keyword !== 'anyOf') {
      out.push(error);
      continue;
    }
    const at = error.instancePath;
    let start = out.length;
    while (start > 0 && within(out[start - 1].instancePath, at)) start--;
    const block = out.splice(start);
    const typeErrors = block.filter((p) => p.instancePath === at && p.keyword === 'type');
    const relevant = block.filter((p) => p.instancePath !== at || (p.keyword !== 'type' && fits(p.parentSchema?.type, p.data)));
    if (relevant.length > 0) {
      for (const problem of relevant) out.push(problem);
    } else if (typeErrors.length > 0) {
      const expected = [...new Set(typeErrors.flatMap((p) => typeList(p.params.type)))];
      out.push({ instancePath: at, keyword: 'type', params: { type: expected }, data: error.data });
    }
    // With neither, several branches matched the value: no single fix to suggest, so nothing is said.
  }
  return out;
}

/** Joins the `required` errors of one object into one problem: a branch's keys are all needed, branches are alternatives. */
function mergeRequired(problems: Problem[]): Problem[] {
  const out: Problem[] = [];
  const merged = new Map<string, { problem: Problem; branches: Map<unknown, string[]> }>();
  for (const problem of problems) {
    if (problem.keyword !== 'required') {
      out.push(problem);
      continue;
    }
    let entry = merged.get(problem.instancePath);
    if (!entry) {
      entry = { problem: { ...problem, params: {} }, branches: new Map() };
      merged.set(problem.instancePath, entry);
      out.push(entry.problem);
    }
    const keys = entry.branches.get(problem.parentSchema) ?? [];
    keys.push(String(problem.params.missingProperty));
    entry.branches.set(problem.parentSchema, keys);
  }
  for (const { problem, branches } of merged.values()) problem.params = { missing: [...branches.values()] };
  return out;
}

/** `${VAR}` or `$VAR`, not escaped as `$$`. */
const INTERPOLATION = /(^|[^$])(\$\$)*\$(\{|[A-Za-z_])/;

/**
 * Problems Compose would not have: a `${VAR}` where a number or boolean is wanted (Compose interpolates,
 * then validates), a value pattern or enum on an interpolated string, and empty values, which are usually
 * a line still being typed.
 */
function excused(problem: Problem): boolean {
  if (problem.keyword === 'type' && problem.data === null) return true;
  if (typeof problem.data !== 'string' || !INTERPOLATION.test(problem.data)) return false;
  if (problem.keyword === 'type') return typeList(problem.params.type).some((t) => t !== 'object' && t !== 'array');
  return ['enum', 'pattern', 'const', 'format', 'minimum', 'maximum'].includes(problem.keyword);
}

function toIssue(problem: Problem): SchemaIssue {
  const path = segments(problem.instancePath);
  switch (problem.keyword) {
    case 'additionalProperties': {
      const key = String(problem.params.additionalProperty);
      const schema = problem.parentSchema ?? {};
      const patterns = Object.keys(schema.patternProperties ?? {});
      if (!schema.properties && patterns.some((p) => p !== '^x-')) return { kind: 'invalidName', path, key };
      return { kind: 'unknownKey', path, key, allowed: Object.keys(schema.properties ?? {}), extensions: patterns.includes('^x-') };
    }
    case 'type':
      return { kind: 'type', path, expected: typeList(problem.params.type), actual: jsonType(problem.data) };
    case 'enum':
      return { kind: 'enum', path, allowed: (problem.params.allowedValues as unknown[]).map(String), value: String(problem.data) };
    case 'required':
      return { kind: 'required', path, missing: problem.params.missing as string[][] };
    case 'uniqueItems':
      return { kind: 'duplicate', path: [...path, String(Math.max(Number(problem.params.i), Number(problem.params.j)))] };
    default:
      return { kind: 'other', path, message: problem.message ?? problem.keyword };
  }
}
