// The Dockerfile formatter: upper-case instruction keywords, no indentation before an instruction, one
// indentation unit before each continuation line, and `["a", "b"]` spacing in the JSON form. It never
// changes what Docker builds: it only rewrites whitespace where the shell and Docker's parser both ignore
// how much there is, leaves quoted text, heredoc bodies and comments as they are, and skips a continuation
// line where added whitespace would split a word.
import type { FormattingOptions, TextEdit } from 'vscode-languageserver';
import type { DockerfileModel, Instr } from '../../dockerfile/model';
import { quoteAfter } from '../../dockerfile/shell';

/** A JSON array of strings on one line, with any spacing. */
const JSON_ARRAY = /^\[\s*(?:"(?:[^"\\\n]|\\.)*"\s*(?:,\s*"(?:[^"\\\n]|\\.)*"\s*)*)?\]$/;
const JSON_STRING = /"(?:[^"\\\n]|\\.)*"/g;

/** The continuation lines of a shell instruction that can take the indentation without changing a word. */
function continuationEdits(model: DockerfileModel, instr: Instr, indent: string, edits: TextEdit[]): void {
  const first = instr.range.start.line;
  const last = instr.range.end.line;
  // In the first line only the text after the keyword counts for quoting.
  const head = model.lines.lineText(first).slice(instr.node.getInstructionRange().end.character);
  let quote = quoteAfter(head, 0, head.length);
  let previous = model.lines.lineText(first);
  for (let line = first + 1; line <= last; line++) {
    const text = model.lines.lineText(line);
    const trimmed = text.trimStart();
    // Comment and empty lines inside an instruction are dropped by Docker's parser: they neither take an indent nor join.
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const leading = text.length - trimmed.length;
    // Whitespace at the join is already there when this line is indented or the previous one ends `word \`.
    const joinHasSpace = leading > 0 || /\s\\\s*$/.test(previous);
    if (quote === undefined && joinHasSpace && text.slice(0, leading) !== indent) {
      edits.push({ range: { start: { line, character: 0 }, end: { line, character: leading } }, newText: indent });
    }
    quote = quoteAfter(text, 0, text.length, quote);
    previous = text;
  }
}

/** `["a","b"]` written `["a", "b"]`, for a JSON form on one line; the strings are kept as written. */
function jsonEdit(instr: Instr): TextEdit | undefined {
  const range = instr.argsRange;
  if (!range || range.start.line !== range.end.line) return undefined;
  const text = instr.argsText;
  if (!text.startsWith('[') || !JSON_ARRAY.test(text)) return undefined;
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  const formatted = `[${(text.match(JSON_STRING) ?? []).join(', ')}]`;
  return formatted === text ? undefined : { range, newText: formatted };
}

/** The edits that format a Dockerfile; none for text the model could not parse into instructions. */
export function formatDockerfile(model: DockerfileModel, options: FormattingOptions): TextEdit[] {
  const edits: TextEdit[] = [];
  const indent = options.insertSpaces === false ? '\t' : ' '.repeat(Math.max(1, Math.min(options.tabSize || 4, 8)));
  for (const instr of model.instructions) {
    const keywordRange = instr.node.getInstructionRange();
    const keyword = instr.node.getInstruction();
    // A keyword split by a line continuation (`RU\` + `N`) is left alone.
    if (keywordRange.start.line !== keywordRange.end.line) continue;
    if (keywordRange.start.character > 0) {
      const before = model.lines.lineText(keywordRange.start.line).slice(0, keywordRange.start.character);
      if (/^[ \t]+$/.test(before)) edits.push({ range: { start: { line: keywordRange.start.line, character: 0 }, end: keywordRange.start }, newText: '' });
    }
    if (keyword !== keyword.toUpperCase()) edits.push({ range: keywordRange, newText: keyword.toUpperCase() });
    const json = jsonEdit(instr);
    if (json) edits.push(json);
    // Heredoc bodies are scripts as written, and a backtick escape means Windows shells: both are left alone.
    if (instr.heredocs.length === 0 && model.escape === '\\') continuationEdits(model, instr, indent, edits);
  }
  return edits;
}
