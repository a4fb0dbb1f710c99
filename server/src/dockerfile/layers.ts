// Helpers shared by the layer and package-manager rules: RUN mounts, the shell operators between a RUN's
// commands, and where and how a command can be appended to a RUN without breaking its layout.
import type { DockerfileModel, Instr } from './model';
import { commandName, quoteAfter, ShellCommand } from './shell';

/** One `--mount=` flag of a RUN, with its options. */
export interface Mount {
  type: string;
  target: string;
  options: Map<string, string>;
}

/** The `--mount=` flags of a RUN; the type defaults to `bind`, as in BuildKit. */
export function mounts(instr: Instr): Mount[] {
  const found: Mount[] = [];
  for (const flag of instr.flags) {
    if (flag.getName().toLowerCase() !== 'mount') continue;
    const options = new Map<string, string>();
    for (const part of (flag.getValue() ?? '').split(',')) {
      const eq = part.indexOf('=');
      options.set((eq < 0 ? part : part.slice(0, eq)).toLowerCase(), eq < 0 ? '' : part.slice(eq + 1));
    }
    const target = options.get('target') ?? options.get('dst') ?? options.get('destination') ?? '';
    found.push({ type: (options.get('type') ?? 'bind').toLowerCase(), target, options });
  }
  return found;
}

/** True when a cache or tmpfs mount of the RUN has a target that `covers` accepts. */
export function hasScratchMount(instr: Instr, covers: (target: string) => boolean): boolean {
  return mounts(instr).some((m) => (m.type === 'cache' || m.type === 'tmpfs') && covers(m.target.replace(/\/+$/, '')));
}

/** Shell operators and comments found between two commands; `?` stands for anything else. */
type Token = { op: string; start: number; end: number };

/**
 * The operators around a RUN's commands: `gaps[i]` holds those before command `i`, and `gaps[n]` those
 * after the last command. Only the shell form is meaningful; parentheses are reported as `(` and `)`.
 */
export function operatorGaps(instr: Instr): Token[][] {
  const commands = instr.commands;
  const text = instr.model.text;
  const range = instr.argsRange;
  if (!range || commands.length === 0) return [];
  const lines = instr.model.lines;
  const gaps: Token[][] = [];
  let from = lines.offsetAt(range.start);
  for (const command of commands) {
    gaps.push(scanGap(text, from, command.words[0].start, instr.model.escape));
    from = command.end;
  }
  gaps.push(scanGap(text, from, Math.max(from, lines.offsetAt(range.end)), instr.model.escape));
  return gaps;
}

function scanGap(text: string, start: number, end: number, escape: string): Token[] {
  const tokens: Token[] = [];
  let i = start;
  while (i < end) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === escape) {
      i++;
    } else if (c === '#') {
      const stop = text.indexOf('\n', i);
      const to = stop < 0 || stop > end ? end : stop;
      tokens.push({ op: '#', start: i, end: to });
      i = to;
    } else if ((c === '&' || c === '|') && text[i + 1] === c) {
      tokens.push({ op: c + c, start: i, end: i + 2 });
      i += 2;
    } else if (c === '&' || c === '|' || c === ';' || c === '(' || c === ')') {
      const redirect = c === '&' && (text[i - 1] === '>' || text[i - 1] === '<' || text[i + 1] === '>');
      tokens.push({ op: redirect ? '?' : c, start: i, end: i + 1 });
      i++;
    } else {
      tokens.push({ op: '?', start: i, end: i + 1 });
      i++;
    }
  }
  return tokens;
}

/** True when every operator joining the RUN's commands at the top level is one of `allowed`. */
export function onlyOperators(instr: Instr, allowed: string[]): boolean {
  let depth = 0;
  for (const gap of operatorGaps(instr)) {
    for (const token of gap) {
      if (token.op === '(') depth++;
      else if (token.op === ')') depth--;
      else if (token.op === '?') return false;
      else if (depth === 0 && token.op !== '#' && !allowed.includes(token.op)) return false;
    }
  }
  return depth === 0;
}

/**
 * The offset at which ` && next` can be appended to a shell-form RUN: after its last command and any
 * closing parentheses, before a trailing comment. Undefined for the JSON form, heredocs, and a RUN that
 * ends with an operator such as `;` or a background `&`.
 */
export function appendOffset(instr: Instr): number | undefined {
  if (instr.isJsonForm || instr.heredocs.length > 0 || endsInsideQuote(instr)) return undefined;
  const gaps = operatorGaps(instr);
  if (gaps.length === 0) return undefined;
  const commands = instr.commands;
  let at = commands[commands.length - 1].end;
  for (const token of gaps[gaps.length - 1]) {
    if (token.op === ')') at = token.end;
    else if (token.op === '#') break;
    else return undefined;
  }
  return at;
}

/**
 * True when a quote opened in the instruction's arguments is never closed: text appended would be quoted too. A
 * comment line inside the continuation is left out, as the builder leaves it out before the shell reads the command
 * (an apostrophe in `# it's` opens no quote).
 */
function endsInsideQuote(instr: Instr): boolean {
  const range = instr.argsRange;
  if (!range) return false;
  const text = instr.model.text;
  let quote: string | undefined;
  for (let start = instr.model.lines.offsetAt(range.start), first = true; start < instr.end; first = false) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 || newline > instr.end ? instr.end : newline;
    if (first || !/^[ \t]*#/.test(text.slice(start, end))) quote = quoteAfter(text, start, end, quote);
    start = end + 1;
  }
  return quote !== undefined;
}

/** How the continuation lines of a multi-line RUN are laid out. */
export interface Continuation {
  /** The indentation of a continued command line. */
  indent: string;
  /** True when continued lines start with the operator (`    && next`) rather than the line before ending with it. */
  leading: boolean;
}

/**
 * The layout of a RUN's continuation lines, or undefined for a RUN on one line: the indentation of the line
 * where its last command starts (else of the first continued line that starts a command, else four spaces
 * or a tab), and whether the lines at that indentation start with `&&`.
 */
export function continuation(instr: Instr): Continuation | undefined {
  const lines = instr.model.lines;
  const first = instr.range.start.line;
  const last = instr.range.end.line;
  const commands = instr.commands;
  if (first === last || commands.length === 0) return undefined;
  const starts = new Set(commands.map((c) => c.words[0].start));
  const indentOf = (line: number) => /^[ \t]*/.exec(lines.lineText(line))![0];
  const content = (line: number) => lines.lineText(line).slice(indentOf(line).length);
  const startsCommand = (line: number) => {
    const operator = /^(&&|\|\||;)?[ \t]*/.exec(content(line))![0];
    return starts.has(lines.lineStart(line) + indentOf(line).length + operator.length);
  };
  const continued: number[] = [];
  for (let line = first + 1; line <= last; line++) if (content(line) !== '' && !content(line).startsWith('#')) continued.push(line);
  const lastLine = lines.positionAt(commands[commands.length - 1].words[0].start).line;
  const commandLine = lastLine > first ? lastLine : continued.find(startsCommand);
  const indent = commandLine !== undefined ? indentOf(commandLine) : continued.length > 0 && indentOf(continued[0]).startsWith('\t') ? '\t' : '    ';
  const leading = continued.some((line) => indentOf(line) === indent && content(line).startsWith('&&'));
  return { indent, leading };
}

/** The text that joins `next` to a RUN with `&&`, on a continued line when the RUN already spans lines. */
export function joinText(model: DockerfileModel, layout: Continuation | undefined, next: string): string {
  if (!layout) return ` && ${next}`;
  const eol = model.lines.eol;
  return layout.leading ? ` ${model.escape}${eol}${layout.indent}&& ${next}` : ` && ${model.escape}${eol}${layout.indent}${next}`;
}

const APT_TOOLS = new Set(['apt-get', 'apt', 'aptitude']);

/** apt options whose value is the next word, so that the value is not taken for the subcommand. */
const APT_OPTIONS_WITH_VALUE = new Set(['-o', '-c', '-t', '--option', '--config-file', '--target-release', '--default-release']);

/** The apt subcommand a command runs (`update`, `install`, `clean`), with the words it spans. */
export function aptVerb(command: ShellCommand): { verb: string; tool: { start: number; end: number }; end: number } | undefined {
  const named = commandName(command);
  if (!named || !APT_TOOLS.has(named.name)) return undefined;
  const toolWord = command.words[command.words.length - named.args.length - 1];
  for (let i = 0; i < named.args.length; i++) {
    const word = named.args[i];
    if (APT_OPTIONS_WITH_VALUE.has(word.value)) i++;
    else if (!word.value.startsWith('-')) return { verb: word.value, tool: toolWord, end: word.end };
  }
  return undefined;
}

/** apt subcommands that read the package lists, so that they need an `apt-get update` before them. */
const APT_LIST_READERS = new Set([
  'install', 'upgrade', 'dist-upgrade', 'full-upgrade', 'build-dep', 'source', 'download', 'reinstall', 'satisfy', 'policy', 'search', 'show',
]);

/** True for an apt command that reads the package lists (`apt-get install`, `apt-get upgrade`, …). */
export function readsAptLists(command: ShellCommand): boolean {
  const apt = aptVerb(command);
  return apt !== undefined && APT_LIST_READERS.has(apt.verb);
}

/** The variables an ENV or ARG sets, as name/value pairs: `ENV A=1 B=2`, the legacy `ENV A 1`, and `ARG A=1`. */
export function assignments(instr: Instr): [string, string][] {
  const words = instr.commands[0]?.words ?? [];
  if (instr.keyword === 'ENV' && words.length >= 2 && !words[0].value.includes('=')) {
    return [[words[0].value, words.slice(1).map((w) => w.value).join(' ')]];
  }
  return words.filter((w) => w.value.includes('=')).map((w) => [w.value.slice(0, w.value.indexOf('=')), w.value.slice(w.value.indexOf('=') + 1)]);
}
