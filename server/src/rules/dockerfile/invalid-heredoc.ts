// Heredocs that `docker build` rejects: one never closed before the end of the file, one used as the destination of a
// COPY or ADD, and one on an instruction that does not take heredocs, whose body Docker then reads as instructions.
import { INSTRUCTIONS, isJsonStringArray } from '../../dockerfile/buildkit';
import type { DockerfileModel, Instr } from '../../dockerfile/model';
import type { DockerfileRule, Range } from '../types';

/** The instructions whose shell form takes heredocs, as BuildKit's parser has them. */
const TAKES_HEREDOCS = new Set(['RUN', 'COPY', 'ADD']);

/** A heredoc opener as BuildKit matches each word of the line: an optional file descriptor, `<<`, an optional `-`, blanks, a word without `<`. */
const OPENER = /^(\d*)<<(-?)\s*([^<]*)$/;

export const rule: DockerfileRule = {
  id: 'invalid-heredoc',
  kind: 'dockerfile',
  severity: 'error',
  validity: true,
  fixable: false,
  docs: {
    summary: 'A heredoc that `docker build` rejects: never closed by its delimiter line, used as a `COPY`/`ADD` destination, or on an instruction that does not take heredocs.',
    rationale:
      'BuildKit reads a heredoc body up to a line that is exactly the delimiter word (only leading tabs are dropped, and ' +
      'only with `<<-`; trailing spaces count). Without such a line the build stops with "unterminated heredoc". Only ' +
      '`RUN`, `COPY` and `ADD` in shell form take heredocs: on any other instruction the body lines are read as ' +
      'instructions and the build stops at the delimiter line ("unknown instruction"). A `COPY` or `ADD` destination ' +
      'cannot be a heredoc.',
    bad: 'FROM python:3.11-slim\nRUN <<EOF\n  pip install --no-cache-dir numpy\n  EOF',
    good: 'FROM python:3.11-slim\nRUN <<EOF\n  pip install --no-cache-dir numpy\nEOF',
  },
  messages: {
    unterminated: 'Unterminated heredoc: no line `{name}` closes it before the end of the file; Docker refuses to build this file.',
    nearMiss:
      'Unterminated heredoc: line {line} has `{name}` with spaces around it, which does not close it (the line must be exactly `{name}`); Docker refuses to build this file.',
    destination: '{keyword} cannot accept a heredoc as a destination; Docker refuses to build this file.',
    notTaken:
      '{keyword} does not take a heredoc, so Docker reads the lines below as instructions and stops at `{name}` (unknown instruction). Only RUN, COPY and ADD take heredocs.',
  },
  check(ctx) {
    const { model } = ctx;
    // Most instructions have no `<<` at all; only those are lexed. The next `<<` is looked for once past each one found.
    let next = model.text.indexOf('<<');
    let starts: Map<string, number[]> | undefined;
    for (const instr of model.instructions) {
      if (next >= 0 && next < instr.start) next = model.text.indexOf('<<', instr.start);
      if (next < 0) break;
      if (next >= instr.end) continue;
      const opener = openerOf(model, instr);
      if (opener.heredocs.length === 0) continue;
      if (!opener.takesHeredocs) {
        const first = opener.heredocs[0];
        starts ??= instructionLines(model);
        const closing = starts.get(first.name)?.some((line) => line > opener.lastLine);
        const known: readonly string[] = INSTRUCTIONS;
        if (closing && !known.includes(first.name.toUpperCase())) {
          ctx.report({ messageId: 'notTaken', data: { keyword: opener.keyword, name: first.name }, range: first.range });
        }
        continue;
      }
      // An ONBUILD trigger's arguments are checked only when a build starts from the image, not here.
      const destination = opener.words[opener.words.length - 1];
      if ((instr.keyword === 'COPY' || instr.keyword === 'ADD') && opener.heredocs.some((h) => h.range === destination.range)) {
        ctx.report({ messageId: 'destination', data: { keyword: opener.keyword }, range: destination.range });
      }
      // BuildKit reads the bodies one after the other, each up to its own delimiter line.
      let line = opener.lastLine + 1;
      for (const heredoc of opener.heredocs) {
        const start = line;
        while (line < model.lines.lineCount && !closes(model.lines.lineText(line), heredoc)) line++;
        if (line < model.lines.lineCount) {
          line++;
          continue;
        }
        const near = nearMiss(model, start, heredoc);
        ctx.report(
          near === undefined
            ? { messageId: 'unterminated', data: { name: heredoc.name }, range: heredoc.range }
            : { messageId: 'nearMiss', data: { name: heredoc.name, line: near + 1 }, range: heredoc.range },
        );
        break;
      }
    }
  },
};

interface Word {
  raw: string;
  range: Range;
}

interface HeredocWord {
  name: string;
  chomp: boolean;
  range: Range;
}

interface Opener {
  /** The instruction that reads the heredocs: for `ONBUILD RUN <<EOF`, `RUN`. */
  keyword: string;
  /** Whether BuildKit reads heredoc bodies for it: RUN, COPY or ADD, not in JSON form. */
  takesHeredocs: boolean;
  /** The words of the instruction's own lines after the keyword (and after ONBUILD's trigger keyword). */
  words: Word[];
  heredocs: HeredocWord[];
  /** The last line of the instruction before any heredoc body. */
  lastLine: number;
}

/** The instruction's first logical line, joined over continuations as BuildKit does, with its heredoc words. */
function openerOf(model: DockerfileModel, instr: Instr): Opener {
  const escape = model.escape === '`' ? '`' : '\\\\';
  const continuation = new RegExp(`(?:^|[^${escape}])${escape}[ \\t]*$`);
  const lines = model.lines;
  const words: Word[] = [];
  let line = instr.range.start.line;
  let lastLine = line;
  let mayHaveHeredoc = false;
  for (let first = true; line < lines.lineCount; line++, first = false) {
    const text = lines.lineText(line);
    // Comment and empty lines inside a continuation are skipped and do not end it.
    if (!first && (/^\s*#/.test(text) || text.trim() === '')) continue;
    lastLine = line;
    const match = continuation.exec(text);
    const body = match ? text.slice(0, text.lastIndexOf(model.escape)) : text;
    if (body.includes('<<')) mayHaveHeredoc = true;
    for (const word of lex(body, lines.lineStart(line), model)) words.push(word);
    if (!match) break;
  }
  if (!mayHaveHeredoc) return { keyword: instr.keyword, takesHeredocs: false, words: [], heredocs: [], lastLine };
  // Drop the keyword, ONBUILD's trigger keyword, and the flags.
  let rest = words.slice(1);
  let keyword = instr.keyword;
  if (keyword === 'ONBUILD' && rest.length > 0) {
    keyword = rest[0].raw.toUpperCase();
    rest = rest.slice(1);
  }
  while (rest.length > 0 && rest[0].raw.startsWith('--')) rest = rest.slice(1);
  const heredocs = rest.flatMap((w) => {
    const h = heredocOf(w);
    return h ? [h] : [];
  });
  const takesHeredocs = TAKES_HEREDOCS.has(keyword) && !isJsonStringArray(rest.map((w) => w.raw).join(' '));
  return { keyword, takesHeredocs, words: rest, heredocs, lastLine };
}

/** The words of one line as BuildKit's lexer splits them (quotes kept), with their ranges. */
function lex(text: string, base: number, model: DockerfileModel): Word[] {
  const words: Word[] = [];
  let start = -1;
  let quote = '';
  const push = (end: number) => {
    if (start >= 0) words.push({ raw: text.slice(start, end), range: model.lines.range(base + start, base + end) });
    start = -1;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === ' ' || c === '\t') {
      push(i);
      continue;
    }
    if (start < 0) start = i;
    if (c === '\\') i++;
    else if (c === '"' || c === "'") quote = c;
    else if (c === '<' && text[i + 1] === '<') {
      // As BuildKit's lexer does, `<< EOF` and `<<- EOF` are one word: the blanks after the operator are kept in it.
      i++;
      if (text[i + 1] === '-') i++;
      while (text[i + 1] === ' ' || text[i + 1] === '\t') i++;
    }
  }
  push(text.length);
  return words;
}

/** The heredoc a word opens, with its delimiter as BuildKit computes it (quotes and escapes removed), if any. */
function heredocOf(word: Word): HeredocWord | undefined {
  const match = OPENER.exec(word.raw);
  if (!match || match[3] === '') return undefined;
  const name = unquote(match[3]);
  return name === undefined ? undefined : { name, chomp: match[2] === '-', range: word.range };
}

/** A word with its quotes and escapes removed, or undefined when a quote is left open (BuildKit then reads no heredoc). */
function unquote(word: string): string | undefined {
  let out = '';
  let quote = '';
  for (let i = 0; i < word.length; i++) {
    const c = word[i];
    if (quote === "'") {
      if (c === "'") quote = '';
      else out += c;
    } else if (quote === '"') {
      if (c === '"') quote = '';
      else if (c === '\\' && /["$\\]/.test(word[i + 1] ?? '')) out += word[++i];
      else out += c;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '\\' && i + 1 < word.length) out += word[++i];
    else out += c;
  }
  return quote ? undefined : out;
}

/** The lines instructions start on, by their text: where a delimiter line is read as an instruction. */
function instructionLines(model: DockerfileModel): Map<string, number[]> {
  const lines = new Map<string, number[]>();
  for (const instr of model.instructions) {
    const line = instr.range.start.line;
    const text = model.lines.lineText(line).trim();
    const list = lines.get(text);
    if (list) list.push(line);
    else lines.set(text, [line]);
  }
  return lines;
}

/** Whether a body line is the heredoc's delimiter line: exactly the word, after leading tabs for `<<-`. */
function closes(line: string, heredoc: HeredocWord): boolean {
  return (heredoc.chomp ? line.replace(/^\t+/, '') : line) === heredoc.name;
}

/** The first line from `start` that is the delimiter with spaces before or after it, if any: the usual slip. */
function nearMiss(model: DockerfileModel, start: number, heredoc: HeredocWord): number | undefined {
  for (let line = start; line < model.lines.lineCount; line++) {
    if (model.lines.lineText(line).trim() === heredoc.name) return line;
  }
  return undefined;
}
