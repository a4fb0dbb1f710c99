// Compose refuses a file that breaks its schema (a misspelt key, a string where a list belongs), often with
// an error far from the cause; report each problem on the key or value at fault, with a did-you-mean.
import { isAlias, isMap, isScalar, isSeq, Node, Scalar, YAMLSeq } from '../../compose/yamlNodes';
import type { ComposeModel } from '../../compose/model';
import { JsonType, SchemaIssue, validateCompose } from '../../compose/schema';
import { contentSpan, entries, resolve, span } from '../../compose/yaml';
import { closest, comparePositions } from '../../text';
import type { ComposeRule, Fix, Range, Report } from '../types';

/** Where a path of the data leads in the YAML tree. */
interface Location {
  /** The deepest node reached (the value at the path when the walk completed). */
  node: Node | null;
  /** The key of the last mapping step, when the path ends on a mapping key. */
  keyNode?: Scalar;
  /** Reached through an alias or merge key, so the text is shared with other places and must not be edited here. */
  shared: boolean;
  /** Under a `!reset` tag, whose value Compose drops. */
  reset: boolean;
  /** Whether every step of the path was found. */
  complete: boolean;
}

function locate(model: ComposeModel, path: string[]): Location {
  const doc = model.doc;
  const location: Location = { node: resolve(doc, doc.contents), shared: false, reset: false, complete: false };
  let steps = 0;
  for (const segment of path) {
    const current = location.node;
    let next: unknown;
    if (isMap(current)) {
      const found = entries(doc, current).find((e) => e.name === segment);
      if (!found) break;
      location.keyNode = found.keyNode;
      location.shared ||= found.merged;
      next = found.value;
    } else if (isSeq(current)) {
      next = (current as YAMLSeq<unknown>).items[Number(segment)];
      if (next === undefined) break;
      location.keyNode = undefined;
    } else {
      break;
    }
    location.shared ||= isAlias(next);
    location.node = resolve(doc, next);
    steps++;
    location.reset ||= location.node?.tag === '!reset';
  }
  location.complete = steps === path.length;
  return location;
}

/** The short name of the value at a path: its key, with the indexes after it (`devices[0]`). */
function shortName(path: string[]): string {
  let i = path.length;
  while (i > 0 && /^\d+$/.test(path[i - 1])) i--;
  if (i === 0) return 'the file';
  return `\`${path[i - 1]}${path.slice(i).map((index) => `[${index}]`).join('')}\``;
}

/** Where a key sits, for messages: the top level, a service, or the enclosing key. */
function placeOf(path: string[]): string {
  if (path.length === 0) return 'at the top level';
  if (path.length === 2 && path[0] === 'services') return `in service \`${path[1]}\``;
  return `in ${shortName(path)}`;
}

const TYPE_NAMES: Record<JsonType, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: 'a boolean',
  null: 'empty',
};

function typeNames(types: JsonType[]): string {
  if (types.length === 1 && types[0] === 'boolean') return '`true` or `false`';
  const names = [...new Set(types.map((t) => TYPE_NAMES[t]))];
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const rule: ComposeRule = {
  id: 'compose-schema',
  kind: 'compose',
  severity: 'error',
  fixable: true,
  docs: {
    summary: 'A key, type or value that the Compose Specification does not allow.',
    rationale:
      'Compose validates the file against the Compose Specification schema before it runs anything, and stops at the first ' +
      'violation with a message that names a JSON path, not a line. A misspelt key such as `port` or `capabilites` is worse: where ' +
      'the schema allows it (under `x-` extensions) it is silently ignored. DockML checks the same schema as Docker Compose, ' +
      'reports every problem on the key or value at fault, suggests the key you probably meant, and accepts `${VAR}` wherever ' +
      'Compose would interpolate it first.',
    bad:
      'services:\n  trainer:\n    image: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n    port:\n      - "6006:6006"\n' +
      '    gpus:\n      - driver: nvidia\n        capabilites: [gpu]\n',
    good:
      'services:\n  trainer:\n    image: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n    ports:\n      - "6006:6006"\n' +
      '    gpus:\n      - driver: nvidia\n        capabilities: [gpu]\n',
    fixSafety: 'unsafe',
  },
  messages: {
    unknownKeySuggest: 'Unknown key `{key}` {place}; did you mean `{suggestion}`?',
    unknownKeyExtension: 'Unknown key `{key}` {place}; remove it, or prefix it with `x-` to keep it as an extension.',
    unknownKey: 'Unknown key `{key}` {place}; remove it.',
    invalidName: '`{key}` is not a valid name {place}: use only letters, digits, `.`, `_` and `-`.',
    wrongType: '{name} must be {expected}, not {actual}.',
    badValueSuggest: '{name} must be one of {allowed}, not `{value}`; did you mean `{suggestion}`?',
    badValue: '{name} must be one of {allowed}, not `{value}`.',
    missing: '{name} needs {missing}.',
    duplicate: '{name} repeats an earlier item; remove one of them.',
    other: '{name} {message}.',
  },
  check(ctx) {
    const model = ctx.model;
    const issues = validateCompose(model.data);
    const firstError = model.syntaxErrors[0]?.range.start;
    const seen = new Set<string>();
    for (const issue of issues) {
      if (ownedByGpuRules(issue)) continue;
      const location = locate(model, issue.kind === 'unknownKey' || issue.kind === 'invalidName' ? [...issue.path, issue.key] : issue.path);
      if (location.reset) continue;
      const report = describe(model, issue, location);
      // After a syntax error the tree is a guess, and problems in it are echoes of that error.
      if (firstError && (comparePositions(report.range.start, firstError) >= 0 || containsError(model, location.node))) continue;
      const key = `${report.messageId} ${JSON.stringify(report.range)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ctx.report(report);
    }
  },
};

/**
 * Problems that a GPU rule reports with a specific message and fix: `devices` under `limits`
 * (gpu-devices-in-limits), and a GPU count or a `gpus:` value of the wrong type (gpu-invalid-count).
 */
function ownedByGpuRules(issue: SchemaIssue): boolean {
  const path = issue.path.join('/');
  if (issue.kind === 'unknownKey' && issue.key === 'devices' && /^services\/[^/]+\/deploy\/resources\/limits$/.test(path)) return true;
  if (/^services\/[^/]+\/deploy\/resources\/limits\/devices(\/|$)/.test(path)) return true;
  if (/^services\/[^/]+\/gpus$/.test(path) && issue.kind === 'type') return true;
  return /^services\/[^/]+\/(gpus\/\d+|deploy\/resources\/reservations\/devices\/\d+)\/count$/.test(path);
}

function containsError(model: ComposeModel, node: Node | null): boolean {
  const range = model.rangeOf(node);
  return (
    range !== undefined &&
    model.syntaxErrors.some((e) => comparePositions(range.start, e.range.start) <= 0 && comparePositions(e.range.start, range.end) <= 0)
  );
}

function describe(model: ComposeModel, issue: SchemaIssue, location: Location): Report {
  const range = rangeFor(model, issue, location);
  const name = capitalized(shortName(issue.path));
  switch (issue.kind) {
    case 'unknownKey': {
      const data = { key: issue.key, place: placeOf(issue.path) };
      const suggestion = closest(issue.key, issue.allowed);
      if (suggestion) {
        // The key itself may be renamed when it is written in this mapping, even if its value is an alias.
        const parent = locate(model, issue.path);
        const keys = isMap(parent.node) ? entries(model.doc, parent.node) : [];
        const own = !parent.shared && keys.some((e) => e.name === issue.key && !e.merged);
        const taken = keys.some((e) => e.name === suggestion);
        const fixes: Fix[] =
          !own || taken ? [] : [{ title: `Rename \`${issue.key}\` to \`${suggestion}\``, preferred: true, safe: false, edits: [{ range, newText: suggestion }] }];
        return { messageId: 'unknownKeySuggest', data: { ...data, suggestion }, range, fixes };
      }
      return { messageId: issue.extensions ? 'unknownKeyExtension' : 'unknownKey', data, range };
    }
    case 'invalidName':
      return { messageId: 'invalidName', data: { key: issue.key, place: placeOf(issue.path) }, range };
    case 'type':
      return { messageId: 'wrongType', data: { name, expected: typeNames(issue.expected), actual: issue.actual === 'integer' ? TYPE_NAMES.number : typeNames([issue.actual]) }, range };
    case 'enum': {
      const data = { name, allowed: issue.allowed.map((v) => `\`${v}\``).join(', '), value: issue.value };
      const suggestion = closest(issue.value, issue.allowed);
      const content = isScalar(location.node) ? contentSpan(location.node) : undefined;
      if (!suggestion) return { messageId: 'badValue', data, range };
      const fixes: Fix[] =
        location.shared || !content
          ? []
          : [{ title: `Change to \`${suggestion}\``, preferred: true, safe: false, edits: [{ range: model.lines.range(content[0], content[1]), newText: suggestion }] }];
      return { messageId: 'badValueSuggest', data: { ...data, suggestion }, range, fixes };
    }
    case 'required': {
      const missing = issue.missing.map((keys) => keys.map((k) => `\`${k}\``).join(' and ')).join(' or ');
      return { messageId: 'missing', data: { name, missing }, range };
    }
    case 'duplicate':
      return { messageId: 'duplicate', data: { name: capitalized(shortName(issue.path.slice(0, -1))) }, range };
    case 'other':
      return { messageId: 'other', data: { name, message: issue.message }, range };
  }
}

/** The smallest meaningful range: the key at fault, a scalar value, or the first line of a collection. */
function rangeFor(model: ComposeModel, issue: SchemaIssue, location: Location): Range {
  if ((issue.kind === 'unknownKey' || issue.kind === 'invalidName') && location.complete && location.keyNode) return model.rangeOf(location.keyNode)!;
  const node = location.node;
  if (isScalar(node) && node.range && issue.kind !== 'required') return model.rangeOf(node)!;
  if (location.keyNode) return model.rangeOf(location.keyNode)!;
  const offsets = span(node);
  if (!offsets) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const start = model.lines.positionAt(offsets[0]);
  const lineEnd = model.lines.lineEnd(start.line);
  const firstLine = model.lines.text.slice(offsets[0], Math.min(offsets[1], lineEnd)).trimEnd();
  return model.lines.range(offsets[0], offsets[0] + firstLine.length);
}
