// Rewriting the base image of a stage as written in its FROM line, ARG variables included, so that it
// expands to another image: the edit behind the fixes that move a stage to a slimmer or runtime base.
import type { DockerfileModel, Stage } from './model';

/** One replacement of document text, by offsets. */
export interface TextReplacement {
  start: number;
  end: number;
  newText: string;
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])[^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

interface Segment {
  /** Offsets of the segment in the written reference and in its expansion. */
  writtenStart: number;
  writtenEnd: number;
  start: number;
  end: number;
  /** The global ARG whose value the segment is, when it is a plain `$VAR`, `${VAR}` or `${VAR:-x}` with VAR set. */
  variable?: string;
  literal: boolean;
}

/**
 * The edit that turns the base image of a stage, as written in its FROM line with any ARG variables, into one
 * that expands to `target`. The change is made in the FROM line when it falls on literal text or next to
 * a variable (`python:${PY}` → `python:${PY}-slim`); when it falls inside a variable's value, the default of the
 * global ARG that declares it is edited instead, provided that the variable is used nowhere else. Undefined when
 * neither is safe.
 */
export function rewriteFromImage(model: DockerfileModel, stage: Stage, target: string): TextReplacement | undefined {
  const start = model.lines.offsetAt(stage.baseRange.start);
  const written = model.text.slice(start, model.lines.offsetAt(stage.baseRange.end));
  if (written === '' || model.expand(written) !== stage.baseText) return undefined;
  const segments: Segment[] = [];
  let expanded = '';
  let cursor = 0;
  const pushLiteral = (until: number) => {
    if (until <= cursor) return;
    const text = written.slice(cursor, until);
    segments.push({ writtenStart: cursor, writtenEnd: until, start: expanded.length, end: expanded.length + text.length, literal: true });
    expanded += text;
  };
  VARIABLE.lastIndex = 0;
  for (let m = VARIABLE.exec(written); m; m = VARIABLE.exec(written)) {
    pushLiteral(m.index);
    const value = model.expand(m[0]);
    const name = m[1] ?? m[3];
    const plain = m[2] === undefined || (m[2] === '-' && model.expand(`\${${name}}`) === value && value !== '');
    segments.push({
      writtenStart: m.index,
      writtenEnd: m.index + m[0].length,
      start: expanded.length,
      end: expanded.length + value.length,
      variable: plain ? name : undefined,
      literal: false,
    });
    expanded += value;
    cursor = m.index + m[0].length;
  }
  pushLiteral(written.length);
  if (expanded === target) return undefined;

  let prefix = 0;
  while (prefix < expanded.length && prefix < target.length && expanded[prefix] === target[prefix]) prefix++;
  let suffix = 0;
  const room = Math.min(expanded.length, target.length) - prefix;
  while (suffix < room && expanded[expanded.length - 1 - suffix] === target[target.length - 1 - suffix]) suffix++;
  const from = prefix;
  const to = expanded.length - suffix;
  const newText = target.slice(prefix, target.length - suffix);

  // A change within literal text, or an insertion next to a variable, is made in the FROM line itself.
  const segment = segments.find((s) => (from === to ? s.start <= from && from <= s.end : s.start <= from && to <= s.end) && (s.literal || from === to && (from === s.start || from === s.end)));
  if (segment) {
    const at = segment.literal ? segment.writtenStart + (from - segment.start) : from === segment.start ? segment.writtenStart : segment.writtenEnd;
    return { start: start + at, end: start + at + (to - from), newText };
  }
  const inside = segments.find((s) => s.variable !== undefined && s.start <= from && to <= s.end);
  if (!inside?.variable) return undefined;
  const name = inside.variable;
  let uses = 0;
  VARIABLE.lastIndex = 0;
  for (let m = VARIABLE.exec(model.text); m; m = VARIABLE.exec(model.text)) if ((m[1] ?? m[3]) === name) uses++;
  if (uses !== 1) return undefined;
  const declaration = globalArgValue(model, name);
  if (!declaration || model.text.slice(declaration.start, declaration.end) !== expanded.slice(inside.start, inside.end)) return undefined;
  return { start: declaration.start + (from - inside.start), end: declaration.start + (to - inside.start), newText };
}

/** The offsets of the value, inside any quotes, of the last global `ARG name=value` (the one FROM lines use). */
function globalArgValue(model: DockerfileModel, name: string): { start: number; end: number } | undefined {
  let found: { start: number; end: number } | undefined;
  for (const instr of model.instructions) {
    if (instr.keyword === 'FROM') break;
    if (instr.keyword !== 'ARG') continue;
    for (const arg of instr.args) {
      const argStart = model.lines.offsetAt(arg.range.start);
      const raw = model.text.slice(argStart, model.lines.offsetAt(arg.range.end));
      const eq = raw.indexOf('=');
      if (eq < 0 || raw.slice(0, eq) !== name) continue;
      const quoted = raw.length - eq > 2 && (raw[eq + 1] === '"' || raw[eq + 1] === "'") && raw.endsWith(raw[eq + 1]);
      found = quoted ? { start: argStart + eq + 2, end: argStart + raw.length - 1 } : { start: argStart + eq + 1, end: argStart + raw.length };
    }
  }
  return found;
}
