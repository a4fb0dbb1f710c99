// Compose editing from the Compose Specification schema DockML ships: the keys a mapping may take at the
// cursor and the values a key may take (enums, booleans, durations, restart policies, drivers), with the
// schema's descriptions, and the description of the key under the cursor on hover. The place in the file
// is read from indentation, so it works on a half-typed line that the YAML parser cannot place yet.
import { CompletionItem, CompletionItemKind, InsertTextFormat, MarkupKind, Position } from 'vscode-languageserver';
import type { ComposeModel } from '../../compose/model';

interface Schema {
  $ref?: string;
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  patternProperties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  allOf?: Schema[];
  deprecated?: boolean;
}

// The JSON is bundled by esbuild; require keeps TypeScript from type-checking 75 kB of schema.
const ROOT = require('../../compose/schema/compose-spec.json') as Schema & { definitions: Record<string, Schema> };

/** Values the schema leaves as free strings but Compose knows, by the key's name (and its parent's, for `driver`). */
const KNOWN_VALUES: Record<string, string[]> = {
  restart: ['no', 'always', 'on-failure', 'unless-stopped'],
  pull_policy: ['always', 'never', 'missing', 'build', 'if_not_present', 'daily', 'weekly'],
  'devices.driver': ['nvidia', 'amdgpu'],
  'networks.driver': ['bridge', 'overlay', 'host', 'none', 'macvlan', 'ipvlan'],
  'volumes.driver': ['local'],
  'logging.driver': ['json-file', 'local', 'syslog', 'journald', 'gelf', 'fluentd', 'awslogs', 'splunk', 'none'],
  network_mode: ['bridge', 'host', 'none'],
  runtime: ['nvidia', 'runc'],
  ipc: ['host', 'private', 'shareable'],
  pid: ['host'],
  mode: ['replicated', 'global', 'host', 'ingress'],
};
const DURATION_KEYS = new Set(['interval', 'timeout', 'start_period', 'start_interval', 'stop_grace_period', 'delay', 'monitor', 'window']);
const DURATIONS = ['5s', '10s', '30s', '1m', '1m30s', '5m'];

/** The schemas a (sub)schema stands for: its `$ref` followed, its `oneOf`/`anyOf`/`allOf` alternatives spread. */
function alternatives(schema: Schema | undefined, depth = 0): Schema[] {
  if (!schema || depth > 8) return [];
  if (schema.$ref) {
    const name = schema.$ref.replace('#/definitions/', '');
    const target = ROOT.definitions[name];
    // A reference's own description, written for the place that uses it, wins over the target's.
    return alternatives(target, depth + 1).map((s) => (schema.description ? { ...s, description: schema.description } : s));
  }
  const nested = [...(schema.oneOf ?? []), ...(schema.anyOf ?? []), ...(schema.allOf ?? [])];
  if (nested.length === 0) return [schema];
  const own = schema.properties || schema.patternProperties || schema.items || schema.enum || schema.type ? [schema] : [];
  return [...own, ...nested.flatMap((s) => alternatives(s.description || !schema.description ? s : { ...s, description: schema.description }, depth + 1))];
}

/** The schemas for the value at a path of keys (`*` for a list item) from the document's root. */
export function schemasAt(path: readonly string[]): Schema[] {
  let current = alternatives(ROOT);
  for (const segment of path) {
    const next: Schema[] = [];
    const add = (schema: Schema) => {
      for (const alternative of alternatives(schema)) next.push(alternative);
    };
    for (const schema of current) {
      if (segment === '*') {
        if (schema.items) add(schema.items);
        continue;
      }
      const property = schema.properties?.[segment];
      if (property) {
        add(property);
        continue;
      }
      const pattern = Object.entries(schema.patternProperties ?? {}).find(([p]) => p !== '^x-' && new RegExp(p).test(segment));
      if (pattern) add(pattern[1]);
      else if (typeof schema.additionalProperties === 'object') add(schema.additionalProperties);
    }
    current = next;
    if (current.length === 0) break;
  }
  return current;
}

/** One line of YAML read for its key: `key:` or `- key:`, with the columns of the dash and the key. */
interface KeyLine {
  indent: number;
  dash?: number;
  key?: string;
  keyColumn: number;
  /** Whether something follows the colon on the line. */
  hasValue: boolean;
}

const KEY_LINE = /^( *)(?:(-) +)?(?:(["']?)([^\s"'#:][^#:]*?)\3 *:(?= |$)(.*))?/;

function readLine(text: string): KeyLine | undefined {
  if (/^\s*(#|$)/.test(text)) return undefined;
  const match = KEY_LINE.exec(text);
  if (!match) return undefined;
  const indent = match[1].length;
  const dash = match[2] ? indent : undefined;
  const keyColumn = match[2] ? text.indexOf(match[3] + match[4], indent + 1) : indent;
  const rest = (match[5] ?? '').replace(/\s+#.*$/, '').trim();
  return { indent, dash, key: match[4], keyColumn: match[4] ? keyColumn : dash !== undefined ? text.length - text.slice(indent + 1).trimStart().length : indent, hasValue: rest !== '' };
}

/**
 * The keys that lead to the mapping holding column `column` of line `line` (`*` for a list item): for a key
 * typed at `deploy:` / `resources:` / here, `['services', 'api', 'deploy', 'resources']`.
 */
export function parentPath(model: ComposeModel, line: number, column: number, inItem: boolean): string[] {
  const path: string[] = [];
  let limit = column;
  // After a list item's dash, the mapping that holds the list may sit at the dash's own column.
  let sameColumn = false;
  if (inItem) {
    path.unshift('*');
    sameColumn = true;
  }
  for (let l = line - 1; l >= 0 && (limit > 0 || sameColumn); l--) {
    const read = readLine(model.lines.lineText(l));
    if (!read) continue;
    if (read.key !== undefined && !read.hasValue && (read.keyColumn < limit || (sameColumn && read.keyColumn === limit && read.dash === undefined))) {
      path.unshift(read.key);
      limit = read.keyColumn;
      sameColumn = false;
      if (read.dash !== undefined) {
        path.unshift('*');
        limit = read.dash;
        sameColumn = true;
      }
    } else if (read.dash !== undefined && read.dash < limit) {
      path.unshift('*');
      limit = read.dash;
      sameColumn = true;
    } else if (read.dash === undefined && read.indent < limit) {
      // A key with a value on its line cannot hold a nested mapping: the cursor is not inside anything here.
      break;
    }
  }
  return path;
}

/** The keys already written in the mapping around a line, whose keys sit at `column`. */
function siblingKeys(model: ComposeModel, line: number, column: number): Set<string> {
  const keys = new Set<string>();
  // Returns false at the end of the mapping: a line less indented, or (below) the next list item.
  const visit = (l: number, upward: boolean): boolean => {
    const read = readLine(model.lines.lineText(l));
    if (!read) return true;
    const itemStart = read.dash !== undefined && read.keyColumn === column;
    if (itemStart && !upward) return false;
    if (read.keyColumn === column && read.key !== undefined) keys.add(read.key);
    if (itemStart) return false;
    return read.indent >= column;
  };
  for (let l = line - 1; l >= 0 && visit(l, true); l--);
  for (let l = line + 1; l < model.lines.lineCount && visit(l, false); l++);
  return keys;
}

function types(schema: Schema): string[] {
  return schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
}

function documentation(description: string | undefined) {
  return description ? { kind: MarkupKind.Markdown, value: description } : undefined;
}

/** The schema's keys for the mapping at the cursor, less those already written there. */
function keyCompletion(model: ComposeModel, position: Position, keyColumn: number, inItem: boolean): CompletionItem[] {
  const path = parentPath(model, position.line, keyColumn, inItem);
  const written = siblingKeys(model, position.line, keyColumn);
  const seen = new Map<string, CompletionItem>();
  for (const schema of schemasAt(path)) {
    for (const [key, property] of Object.entries(schema.properties ?? {})) {
      if (seen.has(key) || written.has(key)) continue;
      const resolved = alternatives(property);
      const description = resolved.find((s) => s.description)?.description;
      const nested = resolved.every((s) => types(s).includes('object') || types(s).includes('array')) && resolved.length > 0;
      seen.set(key, {
        label: key,
        kind: CompletionItemKind.Property,
        documentation: documentation(description),
        detail: path.length > 0 ? path.filter((p) => p !== '*').join('.') : 'top level',
        insertText: nested ? `${key}:\n  ` : `${key}: `,
        insertTextFormat: InsertTextFormat.PlainText,
        tags: resolved.some((s) => s.deprecated) ? [1] : undefined,
        sortText: resolved.some((s) => s.deprecated) ? `z${key}` : key,
      });
    }
  }
  return [...seen.values()];
}

/** The values a key takes: the schema's enum, booleans, and the values Compose knows for a free string. */
function valueCompletion(path: string[], key: string): CompletionItem[] {
  const schemas = schemasAt([...path, key]);
  const values = new Map<string, string | undefined>();
  for (const schema of schemas) {
    for (const value of schema.enum ?? []) if (typeof value === 'string') values.set(value, schema.description);
    if (types(schema).includes('boolean')) for (const value of ['true', 'false']) values.set(value, schema.description);
  }
  // `driver` under `devices` or `logging`, or under a top-level network or volume: the nearest such key decides.
  const scope = [...path].reverse().find((p) => KNOWN_VALUES[`${p}.${key}`] !== undefined);
  const known = KNOWN_VALUES[`${scope}.${key}`] ?? KNOWN_VALUES[key];
  const description = schemas.find((s) => s.description)?.description;
  if (schemas.length > 0 || path[0] === 'services') {
    for (const value of known ?? []) values.set(value, description);
    if (DURATION_KEYS.has(key)) for (const value of DURATIONS) values.set(value, 'A duration: a number with a unit (us, ms, s, m, h), such as `1m30s`.');
  }
  return [...values].map(([label, detail], i) => ({
    label,
    kind: label === 'true' || label === 'false' ? CompletionItemKind.Keyword : CompletionItemKind.EnumMember,
    documentation: documentation(detail),
    sortText: String(i).padStart(3, '0'),
  }));
}

/** Completion from the schema at a position: keys where a key is being typed, values after `key: `. */
export function schemaCompletion(model: ComposeModel, position: Position): CompletionItem[] {
  const before = model.lines.lineText(position.line).slice(0, position.character);
  const value = /^( *)(?:(-) +)?(["']?)([\w.-]+)\3 *: *["']?[\w.-]*$/.exec(before);
  if (value) {
    const keyColumn = before.indexOf(value[3] + value[4], value[1].length + (value[2] ? 1 : 0));
    return valueCompletion(parentPath(model, position.line, keyColumn, value[2] !== undefined), value[4]);
  }
  const key = /^( *)(?:(-) +)?[\w.-]*$/.exec(before);
  if (!key) return [];
  const keyColumn = before.length - before.trimStart().replace(/^- +/, '').length;
  return keyCompletion(model, position, keyColumn, key[2] !== undefined);
}

/** The key under the cursor with the path of keys to its mapping, when the cursor is on a key. */
export function keyAt(model: ComposeModel, position: Position): { path: string[]; key: string } | undefined {
  const read = readLine(model.lines.lineText(position.line));
  if (!read?.key || position.character < read.keyColumn || position.character > read.keyColumn + read.key.length) return undefined;
  return { path: parentPath(model, position.line, read.keyColumn, read.dash !== undefined), key: read.key };
}

/** The schema's description of the key under the cursor, as Markdown. */
export function keyHover(model: ComposeModel, position: Position): string | undefined {
  const at = keyAt(model, position);
  if (!at) return undefined;
  const schemas = schemasAt([...at.path, at.key]);
  const description = schemas.find((s) => s.description)?.description;
  if (!description) return undefined;
  const deprecated = schemas.some((s) => s.deprecated) ? ' (deprecated)' : '';
  return `**\`${at.key}\`**${deprecated}\n\n${description}`;
}
