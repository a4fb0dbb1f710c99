// Parsing of image references (`registry/repository:tag@digest`) as written in FROM lines and Compose `image:`,
// and rewriting them as written, ARG variables included.
import type { DockerfileModel, Stage } from '../dockerfile/model';

export interface ImageRef {
  /** The reference as written. */
  raw: string;
  /** The registry host, when one is named (`nvcr.io`, `ghcr.io`, `localhost:5000`); Docker Hub is left out. */
  registry?: string;
  /** The repository path, without Docker Hub's `library/` prefix: `python`, `nvidia/cuda`. */
  repository: string;
  tag?: string;
  digest?: string;
  /** Offsets of the tag within `raw`, when there is one, for fixes that rewrite it. */
  tagStart?: number;
  tagEnd?: number;
}

/** Parses a reference; undefined when it is not one (empty, or still holding an unresolved variable). */
export function parseImageRef(raw: string): ImageRef | undefined {
  const text = raw.trim();
  if (text === '' || text.includes('$') || /\s/.test(text)) return undefined;
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  let tagStart: number | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    tagStart = (registry ? registry.length + 1 : 0) + colon + 1;
    rest = rest.slice(0, colon);
  }
  if (registry === 'docker.io' || registry === 'index.docker.io') registry = undefined;
  const repository = rest.startsWith('library/') ? rest.slice('library/'.length) : rest;
  if (repository === '' || !/^[a-z0-9][a-z0-9._/-]*$/.test(repository)) return undefined;
  if (tag !== undefined && !/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
  return {
    raw: text,
    registry,
    repository,
    tag,
    digest,
    tagStart,
    tagEnd: tagStart === undefined ? undefined : tagStart + (tag?.length ?? 0),
  };
}

/** The reference with its tag replaced, keeping registry, repository and digest as written. */
export function withTag(ref: ImageRef, tag: string): string {
  if (ref.tagStart === undefined || ref.tagEnd === undefined) {
    const at = ref.raw.indexOf('@');
    return at >= 0 ? `${ref.raw.slice(0, at)}:${tag}${ref.raw.slice(at)}` : `${ref.raw}:${tag}`;
  }
  return ref.raw.slice(0, ref.tagStart) + tag + ref.raw.slice(ref.tagEnd);
}

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
