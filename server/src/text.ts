// Conversions between string offsets and LSP line/character positions, shared by every model and rule.
import type { Position, Range } from 'vscode-languageserver-types';

/**
 * Line starts of one text, for O(log n) offset-to-position lookups. `\n`, `\r\n` and a lone `\r` each end a line,
 * as in VS Code's editor, so every range stays inside the document the editor shows. BuildKit does not break a
 * Dockerfile line at a lone `\r`; the Dockerfile model parses as BuildKit does and reports in these positions
 * (`parseAsBuildKit` in dockerfile/model.ts).
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  /** The line break this text uses, so that inserted lines match it. */
  readonly eol: string;

  constructor(readonly text: string) {
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    if (!text.includes('\r')) {
      // Line feeds only (most files): indexOf finds each far quicker than reading every character.
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.starts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    // An offset between the \r and the \n of a line break (a YAML error can point at a lone \r) is the end of its line.
    return { line: low, character: Math.min(clamped, this.lineEnd(low)) - this.starts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    if (position.line < 0) return 0;
    const start = this.starts[position.line];
    return Math.min(start + Math.max(0, position.character), this.lineEnd(position.line));
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** Offset of the first character of a line. */
  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** Offset just past the last character of a line, before its line break. */
  lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1] : this.text.length;
    let end = next;
    if (end > this.starts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.starts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
}

/**
 * The largest document DockML analyses, in characters and in lines. Real Dockerfiles and Compose files are far
 * smaller (the largest of the 28-repository corpus is 30 KB); above either cap the parsers alone take seconds and
 * memory in proportion, so the models skip the parse and the analysis reports one `file-too-large` finding instead.
 */
export const MAX_ANALYSED_CHARACTERS = 4_000_000;
export const MAX_ANALYSED_LINES = 200_000;

/** How a text exceeds the caps ("4,500,000 characters", "more than 200,000 lines"), or undefined when it does not. */
export function oversize(text: string): string | undefined {
  if (text.length > MAX_ANALYSED_CHARACTERS) return `${text.length.toLocaleString('en-US')} characters`;
  // Lines as LineIndex counts them: \n, \r\n and a lone \r each end one. Without \r, indexOf finds them faster.
  let lines = 1;
  if (!text.includes('\r')) {
    for (let i = text.indexOf('\n'); i !== -1 && lines <= MAX_ANALYSED_LINES; i = text.indexOf('\n', i + 1)) lines++;
  } else {
    for (let i = 0; i < text.length && lines <= MAX_ANALYSED_LINES; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) lines++;
    }
  }
  return lines > MAX_ANALYSED_LINES ? `more than ${MAX_ANALYSED_LINES.toLocaleString('en-US')} lines` : undefined;
}

/** Applies non-overlapping edits to a text; later edits in the list win nothing, order is by position. */
export function applyEdits(text: string, edits: { range: Range; newText: string }[]): string {
  const index = new LineIndex(text);
  const sorted = edits
    .map((e) => ({ start: index.offsetAt(e.range.start), end: index.offsetAt(e.range.end), newText: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let cursor = 0;
  for (const e of sorted) {
    if (e.start < cursor) continue;
    out += text.slice(cursor, e.start) + e.newText;
    cursor = e.end;
  }
  return out + text.slice(cursor);
}

export function rangeContains(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}

/** The candidate closest to `word`, if it is close enough to be a plausible typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/**
 * A finding's message for places that show plain text (VS Code's Problems panel): `code` becomes 'code' (or
 * "code" when it holds a single quote), as compilers quote names, and bold or link Markdown keeps its text.
 */
export function plainText(markdown: string): string {
  return markdown
    .replace(/`([^`]+)`/g, (_, code: string) => (code.includes("'") ? `"${code}"` : `'${code}'`))
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/\[([^\]]+)\]\([^)\s]+\)/g, '$1');
}
