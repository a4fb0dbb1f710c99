// Shared by the fast YAML path's differential tests: parses a text with the fast path and with the yaml package's
// parseDocument, and fails unless the two Documents are indistinguishable to any reader.
import assert from 'node:assert/strict';
import { Alias, Document, parseDocument, visit } from 'yaml';
import { aliasTarget, COMPOSE_YAML_OPTIONS, FAST_ALIASES, fastParse } from '../../server/src/compose/fastYaml';
import { fastData, survey, Survey, toData } from '../../server/src/compose/yaml';
import { remembered } from '../../server/src/support/memo';

/** Compares two node trees: the same classes, the same own properties (ranges, styles, values, flags), recursively. */
function sameTree(fast: unknown, slow: unknown, where: string): void {
  const stack: [unknown, unknown, string][] = [[fast, slow, where]];
  while (stack.length > 0) {
    const [a, b, at] = stack.pop()!;
    // Each merge key's value is a new Symbol('<<'): symbols match by their description.
    if (typeof a === 'symbol' && typeof b === 'symbol') {
      assert.equal(a.description, b.description, `${at}: ${String(a)} (fast) is not ${String(b)} (parseDocument)`);
      continue;
    }
    if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) {
      assert.ok(Object.is(a, b), `${at}: ${String(a)} (fast) is not ${String(b)} (parseDocument)`);
      continue;
    }
    assert.equal(a.constructor, b.constructor, `${at}: ${a.constructor.name} (fast) is not ${b.constructor.name} (parseDocument)`);
    const keys = readable(a);
    assert.deepEqual(keys, readable(b), `${at}: properties differ`);
    for (const key of keys) stack.push([(a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`]);
  }
}

/**
 * The properties a reader sees on a node, sorted: its own enumerable ones, and `range`, which the fast path's nodes
 * give from their prototype rather than as an own array.
 */
function readable(node: object): string[] {
  const keys = Object.keys(node);
  if (!keys.includes('range') && (node as { range?: unknown }).range !== undefined) keys.push('range');
  return keys.sort();
}

/** What `read` gives as `data`, or the error it throws as `error`. */
function dataOrError(read: () => unknown): { data?: unknown; error?: Error } {
  try {
    return { data: read() };
  } catch (error) {
    return { error: error as Error };
  }
}

/** What `read` gives, or the message of the error it throws (an unresolved alias, a bad merge source). */
function outcome(read: () => unknown): unknown {
  try {
    return read();
  } catch (error) {
    return { thrown: (error as Error).message };
  }
}

/**
 * Parses text both ways. Returns 'bailed' when the fast path left it to the library; otherwise asserts the two
 * Documents match (node tree, document range, comments, directives, options, errors, warnings, data and the text
 * they print) and returns 'fast'.
 */
export function compareWithLibrary(text: string, label = 'document'): 'fast' | 'bailed' {
  const fast = fastParse(text);
  if (!fast) return 'bailed';
  const slow = parseDocument(text, COMPOSE_YAML_OPTIONS);
  const context = `${label}: ${JSON.stringify(text.length > 400 ? text.slice(0, 400) + '…' : text)}`;
  assert.equal(slow.errors.length, 0, `${context}: the fast path accepted a document with errors: ${slow.errors[0]?.message}`);
  assert.equal(fast.warnings.length, slow.warnings.length, `${context}: warnings`);
  assert.deepEqual(fast.range, slow.range, `${context}: document range`);
  assert.equal(fast.comment, slow.comment, `${context}: document comment`);
  assert.equal(fast.commentBefore, slow.commentBefore, `${context}: document comment before`);
  assert.deepEqual(fast.directives, slow.directives, `${context}: directives`);
  assert.deepEqual(fast.options, slow.options, `${context}: options`);
  assert.deepEqual(Object.keys(fast), Object.keys(slow), `${context}: document properties`);
  sameTree(fast.contents, slow.contents, `${context}: contents`);
  assert.deepEqual(outcome(() => fast.toJS({ maxAliasCount: -1 })), outcome(() => slow.toJS({ maxAliasCount: -1 })), `${context}: data`);
  assert.deepEqual(outcome(() => String(fast)), outcome(() => String(slow)), `${context}: printed text`);
  assert.ok(fast instanceof Document);
  // The model reads a fast-path Document in one walk (fastData) and the library's in two (survey, toData): the
  // counts, duplicate keys and data must be the same.
  // A merge source written in place is left to the two walks on the fast path's Document too.
  const once = fastData(fast) ?? { survey: survey(fast), ...dataOrError(() => toData(fast)) };
  const twice = survey(slow);
  const located = (found: Survey) => ({ ...found, duplicates: found.duplicates.map((d) => [d.name, d.key.range?.[0], d.first.range?.[0]]) });
  assert.deepEqual(located(once.survey), located(twice), `${context}: survey`);
  assert.deepEqual(once.error ? { thrown: once.error.message } : once.data, outcome(() => toData(slow)), `${context}: data in one walk`);
  // The node the fast path found for each alias is the one the library's Alias.resolve() finds.
  const aliases: Alias[] = [];
  visit(fast, { Alias: (_, alias) => void aliases.push(alias) });
  assert.equal(remembered(fast, FAST_ALIASES), aliases.length, `${context}: aliases counted`);
  for (const alias of aliases) assert.equal(aliasTarget(alias), alias.resolve(fast) ?? null, `${context}: the target of *${alias.source}`);
  return 'fast';
}
