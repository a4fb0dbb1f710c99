// Small builders for the text edits that fixes are made of, so that rules state intent, not offsets.
import type { Position, Range } from 'vscode-languageserver-types';
import type { Instr } from '../dockerfile/model';
import type { LineIndex } from '../text';
import type { FileEdit } from './types';

export function insertAt(position: Position, newText: string): FileEdit {
  return { range: { start: position, end: position }, newText };
}

export function replace(range: Range, newText: string): FileEdit {
  return { range, newText };
}

/** Inserts whole lines before a line, each ending with the document's line break. */
export function insertLinesBefore(lines: LineIndex, line: number, newLines: string[]): FileEdit {
  return insertAt({ line, character: 0 }, newLines.map((l) => l + lines.eol).join(''));
}

/** Inserts whole lines after an instruction (after its last line, continuations and heredocs included). */
export function insertLinesAfter(lines: LineIndex, instr: Instr, newLines: string[]): FileEdit {
  const lastLine = instr.range.end.line;
  const end = { line: lastLine, character: lines.lineEnd(lastLine) - lines.lineStart(lastLine) };
  return insertAt(end, newLines.map((l) => lines.eol + l).join(''));
}

/** Deletes an instruction with its line break. */
export function deleteInstruction(lines: LineIndex, instr: Instr): FileEdit {
  const startLine = instr.range.start.line;
  const endLine = instr.range.end.line;
  const end = endLine + 1 < lines.lineCount ? { line: endLine + 1, character: 0 } : lines.positionAt(lines.lineEnd(endLine));
  const start = endLine + 1 < lines.lineCount || startLine === 0 ? { line: startLine, character: 0 } : lines.positionAt(lines.lineEnd(startLine - 1));
  return replace({ start, end }, '');
}
