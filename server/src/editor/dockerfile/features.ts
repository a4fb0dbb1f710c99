// Dockerfile editing basics: instruction and flag completion and their documentation on hover (from
// dockerfile-language-service, with its registry look-ups left out), an outline of stages with their
// instructions, folding, rename, references and highlights of stage names and variables, and links on
// image names. docs/editing.md says which parts are reused and why.
import type {
  CompletionItem,
  DocumentHighlight,
  DocumentLink,
  DocumentSymbol,
  FoldingRange,
  Hover,
  MarkupKind,
  Position,
  Range,
  TextEdit,
} from 'vscode-languageserver';
import { DocumentHighlightKind, FoldingRangeKind, SymbolKind } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DockerAssist } from 'dockerfile-language-service/lib/dockerAssist';
import { DockerCompletion } from 'dockerfile-language-service/lib/dockerCompletion';
import { DockerHighlight } from 'dockerfile-language-service/lib/dockerHighlight';
import { DockerHover } from 'dockerfile-language-service/lib/dockerHover';
import { MarkdownDocumentation } from 'dockerfile-language-service/lib/dockerMarkdown';
import { PlainTextDocumentation } from 'dockerfile-language-service/lib/dockerPlainText';
import { DockerRename } from 'dockerfile-language-service/lib/dockerRename';
import type { DockerRegistryClient } from 'dockerfile-language-service/lib/dockerRegistryClient';
import { DockerfileModel, Stage, stageReferences } from '../../dockerfile/model';
import { rangeContains } from '../../text';

/** What the client can show, from its `initialize` capabilities. */
export interface CompletionCapabilities {
  snippetSupport?: boolean;
  documentationFormat?: MarkupKind[];
}

/** A registry client that never asks a registry: the server makes no network calls. */
const NO_REGISTRY = { getTags: () => Promise.resolve([]) } as unknown as DockerRegistryClient;
const markdown = new MarkdownDocumentation();
const plainText = new PlainTextDocumentation();

function at(range: Range | undefined, position: Position): boolean {
  return range !== undefined && rangeContains(range, { start: position, end: position });
}

/**
 * The part of a Dockerfile that a request at `line` depends on, with every other line left empty so that positions
 * stay where they are: the directives and global ARGs, and the current stage (or instruction) up to `end`.
 * dockerfile-language-service parses the text it is given on every request; the excerpt keeps that parse small
 * on a long file.
 */
function excerpt(model: DockerfileModel, line: number, scope: 'stage' | 'instruction'): string {
  const instr = model.instructionAt(line);
  const first = model.instructions[0]?.range.start.line ?? 0;
  const from = scope === 'instruction' && instr ? instr.range.start.line : (instr?.stage?.from.range.start.line ?? first);
  const to = scope === 'instruction' && instr ? instr.range.end.line : line;
  const lines: string[] = [];
  const keep = new Set<number>();
  for (const global of model.instructions) {
    if (global.stage) break;
    for (let l = global.range.start.line; l <= global.range.end.line; l++) keep.add(l);
  }
  for (let l = 0; l <= to && l < model.lines.lineCount; l++) lines.push(l < first || l >= from || keep.has(l) ? model.lines.lineText(l) : '');
  return lines.join('\n');
}

/** Instruction keywords, flags and their argument snippets at a position (instructions and flags only). */
export async function instructionCompletion(model: DockerfileModel, position: Position, capabilities: CompletionCapabilities): Promise<CompletionItem[]> {
  const document = TextDocument.create('', 'dockerfile', 0, excerpt(model, position.line, 'stage'));
  const assist = new DockerAssist(document, NO_REGISTRY, { snippetSupport: capabilities.snippetSupport ?? false, documentationFormat: capabilities.documentationFormat });
  return (await assist.computeProposals(position)) as CompletionItem[];
}

/** Adds the documentation of an instruction or flag completion item when the client asks for it. */
export function resolveInstructionCompletion(item: CompletionItem, capabilities: CompletionCapabilities): CompletionItem {
  if (item.documentation || typeof item.data !== 'string') return item;
  return new DockerCompletion().resolveCompletionItem(item as never, capabilities.documentationFormat) as CompletionItem;
}

/** The documentation of the instruction keyword, flag or variable under the cursor, as Markdown. */
export function instructionHover(model: DockerfileModel, position: Position): string | undefined {
  // A keyword or a flag needs only its instruction; a variable, the definitions before it in its stage.
  const text = excerpt(model, position.line, variableAt(model, position) ? 'stage' : 'instruction');
  const hover = new DockerHover(markdown, plainText).onHover(text, position, ['markdown']) as Hover | null;
  const contents = hover?.contents;
  if (!contents) return undefined;
  if (typeof contents === 'string') return contents;
  if ('value' in contents) return contents.value;
  return undefined;
}

/** Whether the word under the cursor is a variable: a `$name`, or the name an ARG or ENV defines. */
function variableAt(model: DockerfileModel, position: Position): boolean {
  const text = model.lines.lineText(position.line);
  let start = position.character;
  while (start > 0 && /\w/.test(text[start - 1])) start--;
  if (/\$\{?$/.test(text.slice(0, start))) return true;
  const instr = model.instructionAt(position.line);
  return instr?.keyword === 'ARG' || instr?.keyword === 'ENV';
}

/** Every place a stage is named: its `AS` name, `FROM <stage>`, `--from=` and `--mount=…,from=`. */
function stageOccurrences(model: DockerfileModel, stage: Stage): { range: Range; write: boolean }[] {
  const found: { range: Range; write: boolean }[] = [];
  if (stage.nameRange) found.push({ range: stage.nameRange, write: true });
  for (const other of model.stages) {
    if (other.parent === stage && other.from.node.getArguments().length > 0) {
      // The base as written: a stage used as a base is written by name (or index), never through an ARG here.
      const written = model.text.slice(model.lines.offsetAt(other.baseRange.start), model.lines.offsetAt(other.baseRange.end));
      if (written.toLowerCase() === stage.name) found.push({ range: other.baseRange, write: false });
    }
    for (const instr of other.instructions) {
      for (const ref of stageReferences(instr)) {
        if (ref.value.toLowerCase() === stage.name && model.stageRef(ref.value, other.index) === stage) found.push({ range: ref.range, write: false });
      }
    }
  }
  return found;
}

/** The named stage whose name, or a reference to it, is under the cursor. */
function stageAt(model: DockerfileModel, position: Position): Stage | undefined {
  for (const stage of model.stages) {
    if (stage.name && at(stage.nameRange, position)) return stage;
    if (stage.parent?.name && at(stage.baseRange, position)) return stage.parent;
  }
  const instr = model.instructionAt(position.line);
  if (!instr?.stage) return undefined;
  for (const ref of stageReferences(instr)) {
    const stage = at(ref.range, position) ? model.stageRef(ref.value, instr.stage.index) : undefined;
    if (stage?.name) return stage;
  }
  return undefined;
}

/** The occurrences of the stage name or variable under the cursor, the definitions marked as writes. */
export function dockerfileHighlights(model: DockerfileModel, position: Position): DocumentHighlight[] {
  const stage = stageAt(model, position);
  if (stage) return stageOccurrences(model, stage).map((o) => ({ range: o.range, kind: o.write ? DocumentHighlightKind.Write : DocumentHighlightKind.Read }));
  if (!variableAt(model, position)) return [];
  return new DockerHighlight().computeHighlightRanges(model.text, position) as DocumentHighlight[];
}

/** The range a rename at the position would change, or null when nothing there can be renamed. */
export function dockerfilePrepareRename(model: DockerfileModel, position: Position): Range | null {
  const stage = stageAt(model, position);
  if (stage) return stageOccurrences(model, stage).find((o) => at(o.range, position))?.range ?? null;
  if (!variableAt(model, position)) return null;
  return new DockerRename().prepareRename(model.text, position) as Range | null;
}

/** The edits that rename the stage or variable under the cursor everywhere in the Dockerfile. */
export function dockerfileRename(model: DockerfileModel, position: Position, newName: string): TextEdit[] {
  const stage = stageAt(model, position);
  if (stage) return stageOccurrences(model, stage).map((o) => ({ range: o.range, newText: newName }));
  if (!variableAt(model, position)) return [];
  return new DockerRename().rename({ uri: '' }, model.text, position, newName) as TextEdit[];
}

/** A stage's outline name: `builder (python:3.12-slim)`, or its index when it has no name. */
function stageLabel(stage: Stage): string {
  return `${stage.name ?? `stage ${stage.index}`} (${stage.baseText || '?'})`;
}

/** The outline: global ARGs, then each stage with its instructions. */
export function dockerfileSymbols(model: DockerfileModel): DocumentSymbol[] {
  const symbol = (name: string, detail: string, kind: SymbolKind, range: Range, selectionRange: Range, children?: DocumentSymbol[]): DocumentSymbol => ({
    name,
    detail,
    kind,
    range,
    selectionRange,
    children,
  });
  const instructionSymbol = (instr: DockerfileModel['instructions'][number]): DocumentSymbol => {
    const keywordRange = instr.node.getInstructionRange();
    const detail = instr.argsText.replace(/\s+/g, ' ').slice(0, 80);
    return symbol(instr.keyword, detail, instr.keyword === 'ARG' || instr.keyword === 'ENV' ? SymbolKind.Variable : SymbolKind.Function, instr.range, keywordRange);
  };
  const symbols: DocumentSymbol[] = model.instructions.filter((i) => !i.stage).map(instructionSymbol);
  for (const stage of model.stages) {
    const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
    const range = { start: stage.from.range.start, end: last.range.end };
    const children = stage.instructions.map(instructionSymbol);
    symbols.push(symbol(stageLabel(stage), stage === model.finalStage ? 'final stage' : '', SymbolKind.Class, range, stage.nameRange ?? stage.from.range, children));
  }
  return symbols;
}

/** Folding: each stage, each instruction over several lines, each heredoc body and each run of comment lines. */
export function dockerfileFolding(model: DockerfileModel): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  for (const stage of model.stages) {
    const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
    if (last.range.end.line > stage.from.range.start.line) ranges.push({ startLine: stage.from.range.start.line, endLine: last.range.end.line });
  }
  for (const instr of model.instructions) {
    if (instr.range.end.line > instr.range.start.line) ranges.push({ startLine: instr.range.start.line, endLine: instr.range.end.line });
  }
  let commentStart = -1;
  for (let line = 0; line <= model.lines.lineCount; line++) {
    const comment = line < model.lines.lineCount && /^\s*#/.test(model.lines.lineText(line)) && !model.instructionAt(line);
    if (comment && commentStart < 0) commentStart = line;
    if (!comment && commentStart >= 0) {
      if (line - 1 > commentStart) ranges.push({ startLine: commentStart, endLine: line - 1, kind: FoldingRangeKind.Comment });
      commentStart = -1;
    }
  }
  return ranges;
}

/** The page of an image: Docker Hub for its images, the registry's own page for the registries that have one. */
export function imagePage(registry: string | undefined, repository: string): string | undefined {
  if (!registry || registry === 'docker.io') return repository.includes('/') ? `https://hub.docker.com/r/${repository}` : `https://hub.docker.com/_/${repository}`;
  if (registry === 'ghcr.io') {
    const [owner, ...rest] = repository.split('/');
    return rest.length > 0 ? `https://github.com/${owner}/${rest.join('/')}/pkgs/container/${rest.join('/')}` : undefined;
  }
  if (registry === 'nvcr.io') {
    // NGC's catalogue: nvcr.io/<org>[/<team>]/<name>.
    const [org, team, name] = repository.split('/').length === 3 ? repository.split('/') : [repository.split('/')[0], undefined, repository.split('/')[1]];
    return name ? `https://catalog.ngc.nvidia.com/orgs/${org}${team ? `/teams/${team}` : ''}/containers/${name}` : undefined;
  }
  if (registry === 'quay.io') return `https://quay.io/repository/${repository}`;
  if (registry === 'mcr.microsoft.com') return `https://mcr.microsoft.com/artifact/mar/${repository}`;
  if (registry === 'public.ecr.aws') return `https://gallery.ecr.aws/${repository}`;
  return undefined;
}

/** Links on the base image names of FROM lines (not on stages, nor on names left to a build argument). */
export function dockerfileLinks(model: DockerfileModel): DocumentLink[] {
  const links: DocumentLink[] = [];
  for (const stage of model.stages) {
    const written = model.text.slice(model.lines.offsetAt(stage.baseRange.start), model.lines.offsetAt(stage.baseRange.end));
    // The link covers the name, not the tag or digest; a name a build argument supplies has no page to link.
    const nameLength = written.search(/[:@]/) > written.lastIndexOf('/') ? written.search(/[:@]/) : written.length;
    if (stage.parent || !stage.image || written.slice(0, nameLength).includes('$')) continue;
    const target = imagePage(stage.image.registry, stage.image.repository);
    if (!target) continue;
    const start = model.lines.offsetAt(stage.baseRange.start);
    links.push({ range: model.lines.range(start, start + nameLength), target, tooltip: `Open ${stage.image.repository} in the registry` });
  }
  return links;
}
