// The Dockerfile model every rule reads: instructions with offsets, stages with their resolved base
// images, the final stage, which stages it needs, and the user each stage ends with. Built once per
// document version and shared by all rules.
import { Argument, DockerfileParser, Dockerfile, Flag, Instruction, From, Heredoc } from 'dockerfile-ast';
import { Parser } from 'dockerfile-ast/lib/parser';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';
import { LineIndex, oversize } from '../text';
import { ImageRef, parseImageRef } from '../images/imageRef';
import { describeImage, ImageInfo } from '../images/knowledge';
import { CheckDirective, parseCheckDirective } from './buildkit';
import { ShellCommand, tokenizeShell, Word } from './shell';

/** One instruction, with what rules ask of it most, computed on demand. */
export class Instr {
  /** Upper-case keyword: `RUN`, `COPY`, … */
  readonly keyword: string;
  readonly range: Range;
  /** Offsets of the whole instruction in the text. */
  readonly start: number;
  readonly end: number;
  private shellCache?: ShellCommand[];
  // dockerfile-ast re-tokenizes the whole instruction on every getArguments() call (and getArgumentsRange,
  // getHeredocs and getFlags call it too), so the model asks once and keeps the answers: rules read these
  // for every instruction, and this is most of what analysis costs beyond the parse.
  private rawArgsCache?: ReturnType<Instruction['getArguments']>;
  private argsRangeCache?: Range | null;
  private argsTextCache?: string;
  private heredocCache?: Heredoc[];

  constructor(
    readonly node: Instruction,
    readonly model: DockerfileModel,
    readonly stage: Stage | undefined,
  ) {
    this.keyword = node.getKeyword().toUpperCase();
    this.range = node.getRange();
    this.start = model.lines.offsetAt(this.range.start);
    this.end = model.lines.offsetAt(this.range.end);
  }

  /** Flags such as `--from=builder` or `--mount=type=cache,target=/root/.cache`. */
  get flags(): Flag[] {
    const node = this.node as Instruction & { getFlags?: () => Flag[] };
    return node.getFlags ? node.getFlags() : [];
  }

  flag(name: string): Flag | undefined {
    return this.flags.find((f) => f.getName().toLowerCase() === name);
  }

  /** The node's arguments (flags excluded), asked of dockerfile-ast once. */
  private get rawArgs(): ReturnType<Instruction['getArguments']> {
    return (this.rawArgsCache ??= this.node.getArguments());
  }

  /** The arguments after the keyword and flags, with their offsets; undefined when there are none. */
  get argsRange(): Range | undefined {
    if (this.argsRangeCache === undefined) {
      const simple = this.singleLineArgsRange();
      if (simple !== undefined) this.argsRangeCache = simple;
      else {
        // What Instruction.getArgumentsRange() computes, from the arguments already asked for.
        const args = this.rawArgs;
        this.argsRangeCache = args.length === 0 ? null : { start: args[0].getRange().start, end: args[args.length - 1].getRange().end };
      }
    }
    return this.argsRangeCache ?? undefined;
  }

  /**
   * The arguments' range of a one-line instruction without the escape character (most instructions), found
   * without asking dockerfile-ast for the arguments: there they are the blank-separated words after the
   * keyword, less as many leading words as the instruction has flags, exactly as getArguments() splits them.
   * Undefined for any other instruction, which takes the general way.
   */
  private singleLineArgsRange(): Range | null | undefined {
    const text = this.model.text;
    const escape = this.model.escape;
    const from = this.model.lines.offsetAt(this.node.getInstructionRange().end);
    const to = this.end;
    for (let i = from; i < to; i++) {
      const c = text[i];
      if (c === '\n' || c === '\r' || c === escape) return undefined;
    }
    const node = this.node as Instruction & { getFlags?: () => Flag[] };
    let skip = node.getFlags ? node.getFlags().length : 0;
    let first = -1;
    let last = -1;
    for (let i = from; i < to; ) {
      while (i < to && (text[i] === ' ' || text[i] === '\t')) i++;
      if (i >= to) break;
      const start = i;
      while (i < to && text[i] !== ' ' && text[i] !== '\t') i++;
      if (skip > 0) {
        skip--;
        continue;
      }
      if (first < 0) first = start;
      last = i;
    }
    return first < 0 ? null : this.model.lines.range(first, last);
  }

  get argsText(): string {
    if (this.argsTextCache === undefined) {
      const r = this.argsRange;
      this.argsTextCache = r ? this.model.text.slice(this.model.lines.offsetAt(r.start), this.model.lines.offsetAt(r.end)) : '';
    }
    return this.argsTextCache;
  }

  /** Arguments as Docker splits them (whitespace-separated in shell form), with their ranges. */
  get args(): { value: string; range: Range }[] {
    return this.rawArgs.map((a) => ({ value: a.getValue(), range: a.getRange() }));
  }

  /** True for the JSON (exec) form: `CMD ["python", "app.py"]`. */
  get isJsonForm(): boolean {
    return this.argsText.trimStart().startsWith('[');
  }

  get heredocs(): Heredoc[] {
    if (!this.heredocCache) {
      const node = this.node as Instruction & { getHeredocs?: () => Heredoc[] };
      // A heredoc needs `<<` in the instruction's text; without a `<` there is nothing to find, and
      // getHeredocs() would re-tokenize the arguments to find nothing (most RUNs).
      const possible = this.model.text.indexOf('<', this.start) !== -1 && this.model.text.slice(this.start, this.end).includes('<');
      this.heredocCache = possible ? (node.getHeredocs ? node.getHeredocs() : []) : [];
    }
    return this.heredocCache;
  }

  /**
   * The simple commands a RUN (or a shell-form CMD) executes, with document offsets: the shell form
   * is tokenized, the exec form taken word by word, and heredoc bodies read as scripts.
   */
  get commands(): ShellCommand[] {
    if (this.shellCache) return this.shellCache;
    const lines = this.model.lines;
    const range = this.argsRange;
    let commands: ShellCommand[] = [];
    const heredocs = this.heredocs;
    if (!range) {
      commands = [];
    } else if (this.isJsonForm) {
      const node = this.node as Instruction & { getJSONStrings?: () => { getJSONValue(): string; getRange(): Range }[] };
      const words: Word[] = (node.getJSONStrings ? node.getJSONStrings() : []).map((s) => ({
        value: s.getJSONValue(),
        start: lines.offsetAt(s.getRange().start),
        end: lines.offsetAt(s.getRange().end),
      }));
      commands = words.length > 0 ? [{ words, end: words[words.length - 1].end }] : [];
    } else if (heredocs.length > 0) {
      for (const heredoc of heredocs) {
        const content = heredoc.getContentRange();
        if (content) {
          // A loop, not push(...): a spread of a 200,000-line script's commands overflows the stack.
          for (const command of tokenizeShell(this.model.text, lines.offsetAt(content.start), lines.offsetAt(content.end), '\\', true)) commands.push(command);
        }
      }
    } else {
      commands = tokenizeShell(this.model.text, lines.offsetAt(range.start), lines.offsetAt(range.end), this.model.escape);
    }
    this.shellCache = commands;
    return commands;
  }

  /** True when a `--mount=type=cache` flag targets a path matching `target`. */
  hasCacheMount(target: RegExp): boolean {
    return this.flags.some((f) => {
      if (f.getName().toLowerCase() !== 'mount') return false;
      const value = f.getValue() ?? '';
      return /(^|,)type=cache(,|$)/.test(value) && target.test(/(?:^|,)(?:target|dst|destination)=([^,]+)/.exec(value)?.[1] ?? '');
    });
  }
}

export interface Stage {
  index: number;
  /** The `AS` name, lower-cased as Docker compares it. */
  name?: string;
  nameRange?: Range;
  from: Instr;
  /** The base as written in FROM, with global ARG defaults substituted. */
  baseText: string;
  /** The range of the base image argument in the FROM line. */
  baseRange: Range;
  /** The earlier stage this one is built on (`FROM builder`). */
  parent?: Stage;
  /** The base image, when the base is an image rather than a stage and its name could be resolved. */
  image?: ImageRef;
  imageInfo?: ImageInfo;
  /** Instructions after FROM, in order. */
  instructions: Instr[];
  /** The user the stage ends with; undefined means root. Inherited through `FROM <stage>`. */
  user?: string;
  /** The USER instruction that set `user`, when it is in this stage or the one it inherits from. */
  userInstr?: Instr;
  /** True when the final stage needs this stage (it is the final stage, an ancestor, or copied from). */
  reachable: boolean;
}

export class DockerfileModel {
  readonly lines: LineIndex;
  readonly ast: Dockerfile;
  readonly escape: string;
  readonly stages: Stage[] = [];
  /** Every instruction in order, global ARGs before the first FROM included. */
  readonly instructions: Instr[] = [];
  /** Defaults of ARGs declared before the first FROM, as used in FROM lines. */
  readonly globalArgs = new Map<string, string>();
  private readonly stageNames = new Map<string, Stage>();
  private checksCache?: CheckDirective;

  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
    // Above the size caps the analysis reports the cap instead (diagnostics.ts), so the costly parse is skipped.
    this.ast = oversize(text) === undefined ? parseAsBuildKit(text, this.lines) : DockerfileParser.parse('');
    this.escape = this.ast.getEscapeCharacter();
    let stage: Stage | undefined;
    for (const node of this.ast.getInstructions()) {
      const keyword = node.getKeyword().toUpperCase();
      if (keyword === 'FROM') {
        const instr = new Instr(node, this, undefined);
        stage = this.createStage(node as From, instr);
        (instr as { stage: Stage | undefined }).stage = stage;
        this.instructions.push(instr);
        continue;
      }
      const instr = new Instr(node, this, stage);
      this.instructions.push(instr);
      if (stage) stage.instructions.push(instr);
      else if (keyword === 'ARG') this.recordGlobalArg(node);
    }
    for (const s of this.stages) this.resolveUser(s);
    this.markReachable();
  }

  /** BuildKit's `# check=` directive: which of its checks to skip, run as errors, or turn on when experimental. */
  get checks(): CheckDirective {
    return (this.checksCache ??= parseCheckDirective(this.text));
  }

  /** The stage whose image is shipped: the last one. */
  get finalStage(): Stage | undefined {
    return this.stages[this.stages.length - 1];
  }

  /** The final stage and the stages it is built on through `FROM <stage>`, final first. */
  get shippedStages(): Stage[] {
    const chain: Stage[] = [];
    for (let s = this.finalStage; s && !chain.includes(s); s = s.parent) chain.push(s);
    return chain;
  }

  /** The stage that `--from=` or `FROM` names, by name or index, if it is defined before `before`. */
  stageRef(ref: string, before = this.stages.length): Stage | undefined {
    const byName = this.stageNames.get(ref.toLowerCase());
    if (byName) return byName.index < before ? byName : undefined;
    if (/^\d+$/.test(ref)) {
      const index = Number(ref);
      return index < before ? this.stages[index] : undefined;
    }
    return undefined;
  }

  /** Substitutes `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR:+alt}` from global ARG defaults. */
  expand(value: string): string {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced, op, word, bare) => {
      const name = braced ?? bare;
      const current = this.globalArgs.get(name);
      if (op === '-') return current ? current : word;
      if (op === '+') return current ? word : '';
      return current ?? whole;
    });
  }

  /**
   * Like `expand`, but undefined when a variable has no value to substitute (undeclared, or a global
   * ARG without a default that is not covered by `${VAR:-default}` or `${VAR:+alt}`), because the
   * result then depends on build arguments.
   */
  resolve(value: string): string | undefined {
    let resolved = true;
    const expanded = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced, op, word, bare) => {
      const current = this.globalArgs.get(braced ?? bare);
      if (op === '-') return current ? current : word;
      if (op === '+') return current ? word : '';
      if (!current) resolved = false;
      return current ?? whole;
    });
    return resolved && !expanded.includes('$') ? expanded : undefined;
  }

  /** The instruction that contains an offset, if any. */
  instructionAt(line: number): Instr | undefined {
    let low = 0;
    let high = this.instructions.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const instr = this.instructions[mid];
      if (line < instr.range.start.line) high = mid - 1;
      else if (line > instr.range.end.line) low = mid + 1;
      else return instr;
    }
    return undefined;
  }

  private recordGlobalArg(node: Instruction): void {
    for (const arg of node.getArguments()) {
      const [name, ...rest] = arg.getValue().split('=');
      if (rest.length > 0) this.globalArgs.set(name, this.expand(stripQuotes(rest.join('='))));
      else if (!this.globalArgs.has(name)) this.globalArgs.set(name, '');
    }
  }

  private createStage(from: From, instr: Instr): Stage {
    const index = this.stages.length;
    const written = from.getImage() ?? '';
    const baseRange = from.getImageRange() ?? instr.range;
    const nameText = from.getBuildStage();
    const baseText = this.expand(written);
    const parent = baseText ? this.stageRef(baseText, index) : undefined;
    const image = parent ? undefined : parseImageRef(baseText);
    const stage: Stage = {
      index,
      name: nameText ? nameText.toLowerCase() : undefined,
      nameRange: from.getBuildStageRange() ?? undefined,
      from: instr,
      baseText,
      baseRange,
      parent,
      image,
      imageInfo: image ? describeImage(image) : undefined,
      instructions: [],
      reachable: false,
    };
    this.stages.push(stage);
    if (stage.name && !this.stageNames.has(stage.name)) this.stageNames.set(stage.name, stage);
    return stage;
  }

  private resolveUser(stage: Stage): void {
    if (stage.parent) {
      stage.user = stage.parent.user;
      stage.userInstr = stage.parent.userInstr;
    } else if (stage.imageInfo?.nonRoot) {
      stage.user = 'nonroot';
    }
    for (const instr of stage.instructions) {
      if (instr.keyword !== 'USER') continue;
      const value = instr.args[0]?.value;
      if (value) {
        stage.user = this.expand(value);
        stage.userInstr = instr;
      }
    }
  }

  private markReachable(): void {
    const pending = this.finalStage ? [this.finalStage] : [];
    while (pending.length > 0) {
      const stage = pending.pop()!;
      if (stage.reachable) continue;
      stage.reachable = true;
      if (stage.parent) pending.push(stage.parent);
      for (const instr of stage.instructions) {
        for (const ref of stageDependencies(instr)) {
          const dependency = this.stageRef(this.expand(ref), stage.index);
          if (dependency) pending.push(dependency);
        }
      }
    }
  }
}

/** A line break BuildKit does not see: a `\r` not followed by `\n`. */
const LONE_CR = /\r(?!\n)/g;

/**
 * Parses a Dockerfile as BuildKit reads it, with every range in the editor's positions. BuildKit ends lines at `\n`
 * only (dropping the `\r` of `\r\n`) and splits words at a lone `\r` as at a blank, but dockerfile-ast starts a new
 * instruction there, so `RUN echo a\rRUN echo b` would be two instructions where BuildKit builds one. The parser
 * is given the text with each lone `\r` replaced by a blank, which keeps every offset, and a document whose
 * positions are those of the original text, where the editor and LSP (as VS Code does) do end a line at a lone
 * `\r`; dockerfile-ast makes every range through that document, so ranges need no mapping afterwards. Without a
 * lone `\r` (nearly every file) both texts and line tables are the same and the plain parse is used.
 */
function parseAsBuildKit(text: string, lines: LineIndex): Dockerfile {
  keepingArguments = true;
  try {
    LONE_CR.lastIndex = 0;
    if (!LONE_CR.test(text)) return DockerfileParser.parse(text);
    const parsed = text.replace(LONE_CR, ' ');
    const document = positionedDocument(parsed, lines);
    const parser = new Parser();
    // Parser.parse creates its document from the text it is given (the `document` field); this one replaces it.
    Object.defineProperty(parser, 'document', { get: () => document, set: () => undefined });
    return parser.parse(parsed);
  } finally {
    keepingArguments = false;
  }
}

/**
 * dockerfile-ast tokenizes an instruction's arguments again on every call of its (private) `getRawArguments`, which
 * `getArguments`, `getFlags`, `getArgumentsRange` and `getRawArgumentsContent` all make: its own parse does so four
 * or five times for each RUN, COPY and CMD, and the model once more for a multi-line instruction. An instruction never
 * changes once parsed, so while DockML parses, each instruction's arguments are kept the first time they are
 * tokenized, and later calls get a copy of that list (callers such as `getArguments` shift the flags off the list
 * they get). Instructions parsed by anything else are tokenized as before.
 */
let keepingArguments = false;
const KEPT_ARGUMENTS = Symbol('dockml.keptArguments');
type KeepingInstruction = Instruction & { [KEPT_ARGUMENTS]?: Argument[] };
const instructionPrototype = Instruction.prototype as unknown as { getRawArguments(this: Instruction): Argument[] };
const tokenizeArguments = instructionPrototype.getRawArguments;
instructionPrototype.getRawArguments = function (this: KeepingInstruction): Argument[] {
  const kept = this[KEPT_ARGUMENTS];
  if (kept) return kept.slice();
  const args = tokenizeArguments.call(this);
  if (keepingArguments) this[KEPT_ARGUMENTS] = args.slice();
  return args;
};

/**
 * A TextDocument over `text` whose positions come from `lines`, the line table of a text of the same length, with
 * the members dockerfile-ast uses.
 */
function positionedDocument(text: string, lines: LineIndex): Pick<TextDocument, 'uri' | 'languageId' | 'version' | 'lineCount' | 'getText' | 'positionAt' | 'offsetAt'> {
  const offsetAt = (position: Position) => lines.offsetAt(position);
  return {
    uri: '',
    languageId: 'dockerfile',
    version: 0,
    lineCount: lines.lineCount,
    getText: (range?: Range) => (range ? text.slice(offsetAt(range.start), offsetAt(range.end)) : text),
    positionAt: (offset: number) => lines.positionAt(offset),
    offsetAt,
  };
}

/** A stage name or index as an instruction writes it, with the range of the value for precise reports. */
export interface StageReference {
  /** The value as written, before ARG expansion. */
  value: string;
  range: Range;
  /** The flag it comes from: `--from=x`, or the `from=x` option of `--mount`. */
  flag: 'from' | 'mount';
}

/** Like `stageDependencies`, with where each value is written: `COPY --from=x`, `RUN --mount=from=x`. */
export function stageReferences(instr: Instr): StageReference[] {
  const refs: StageReference[] = [];
  for (const flag of instr.flags) {
    const name = flag.getName().toLowerCase();
    if (name === 'from') {
      const value = flag.getValue();
      const range = flag.getValueRange();
      if (value && range) refs.push({ value, range, flag: 'from' });
    } else if (name === 'mount') {
      for (const option of flag.getOptions()) {
        const value = option.getValue();
        const range = option.getValueRange();
        if (option.getName().toLowerCase() === 'from' && value && range) refs.push({ value, range, flag: 'mount' });
      }
    }
  }
  return refs;
}

/** Stage names or indexes an instruction reads from: `COPY --from=x`, `RUN --mount=from=x`. */
export function stageDependencies(instr: Instr): string[] {
  return stageReferences(instr).map((ref) => ref.value);
}

function stripQuotes(value: string): string {
  return /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value;
}
