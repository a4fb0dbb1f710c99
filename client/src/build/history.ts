// Reads an image's history as Dockerfile lines: cleans what the builders record (`/bin/sh -c #(nop) …`, `|1 A=b
// /bin/sh -c …`, BuildKit's `RUN /bin/sh -c … # buildkit`) into the instruction a user wrote, matches a stage's
// instructions against the history from its newest entry up, and finds the newest local image built from a
// Dockerfile. Used by the Images view and by the per-line hints of images built outside the editor. No vscode here.
//
// The matching is strict on purpose: a wrong line is worse than none. A history entry matches an instruction only
// when the keyword agrees and, for RUN, the command; for COPY and ADD, the sources (BuildKit) or the destination
// (the classic builder, which records sources as content hashes); for ENV, LABEL and ARG, the names; for WORKDIR,
// the path. An image counts as built from a Dockerfile only when every instruction of the stage matched and at least
// one of them was a RUN, COPY or ADD that matched on its text.
import { DockerfileParser, Instruction } from 'dockerfile-ast';
import { DOCKERFILE_LABEL, TARGET_LABEL } from './build';
import { formatBytes } from '../../../server/src/project/contextSize';
import type { HistoryJson, ImageJson } from '../explorer/model';

/** One instruction of a Dockerfile stage, as the matching reads it. */
export interface StageInstruction {
  keyword: string;
  /** The 0-based line where the instruction starts. */
  line: number;
  /** The arguments after the keyword and flags, with line continuations removed. */
  args: string;
  /** The arguments as words (quotes removed), flags excluded. */
  words: string[];
}

/** A stage of a Dockerfile: its FROM line and the instructions after it. */
export interface DockerfileStage {
  name?: string;
  fromLine: number;
  instructions: StageInstruction[];
}

/** The stages of a Dockerfile, in order. */
export function dockerfileStages(text: string): DockerfileStage[] {
  const stages: DockerfileStage[] = [];
  for (const node of DockerfileParser.parse(text).getInstructions()) {
    const keyword = node.getKeyword().toUpperCase();
    if (keyword === 'FROM') {
      const words = node.getArguments().map((a) => a.getValue());
      const as = words.findIndex((w) => w.toUpperCase() === 'AS');
      stages.push({ name: as >= 0 ? words[as + 1]?.toLowerCase() : undefined, fromLine: node.getRange().start.line, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(stageInstruction(node, keyword));
    }
  }
  return stages;
}

function stageInstruction(node: Instruction, keyword: string): StageInstruction {
  return { keyword, line: node.getRange().start.line, args: node.getArgumentsContent() ?? '', words: node.getArguments().map((a) => a.getValue()) };
}

/** The BuildKit suffix, and the build args the builders put before a RUN's command (`|2 A=1 B=2 `). */
const BUILDKIT_SUFFIX = / # buildkit$/;
const RUN_ARGS = /^\|(\d+)\s+/;
/** The classic builder's mark of a step that ran nothing, after the shell of the moment (`/bin/sh -c`, or SHELL's). */
const NOP = /^[^#]*#\(nop\)\s+/;
const SHELL_PREFIX = /^\/bin\/sh -c /;
const KEYWORD = /^(ADD|ARG|CMD|COPY|ENTRYPOINT|ENV|EXPOSE|HEALTHCHECK|LABEL|MAINTAINER|ONBUILD|RUN|SHELL|STOPSIGNAL|USER|VOLUME|WORKDIR)\s/;

/** The instruction a history entry records, as a Dockerfile line: `RUN pip install …`, `COPY file:1f2e… in /app`, … */
export function historyInstruction(entry: Pick<HistoryJson, 'CreatedBy' | 'Comment'>): string {
  let text = (entry.CreatedBy ?? '').trim();
  if (text === '') return entry.Comment ? `(${entry.Comment.trim()})` : '(no instruction recorded)';
  if (BUILDKIT_SUFFIX.test(text)) {
    text = text.replace(BUILDKIT_SUFFIX, '');
    const run = /^RUN\s+(.*)$/s.exec(text);
    return run ? `RUN ${runCommand(run[1])}` : text;
  }
  // The classic builder names a COPY's sources by a content hash; twelve digits tell them apart, as image IDs do.
  if (NOP.test(text)) return text.replace(NOP, '').trim().replace(/\b(file|dir|multi):([0-9a-f]{12})[0-9a-f]{52}\b/, '$1:$2…');
  // BuildKit records instructions that add no files as written (`WORKDIR /app`, `ENV A=1`, `CMD ["python" "app.py"]`).
  if (KEYWORD.test(text)) return text;
  // Anything else the classic builder recorded is a RUN: its shell and command, after the build args it used.
  return `RUN ${runCommand(text)}`;
}

/** A recorded RUN without the build args it used and the default shell: what the Dockerfile says. */
function runCommand(recorded: string): string {
  return stripRunArgs(recorded).replace(SHELL_PREFIX, '');
}

function stripRunArgs(recorded: string): string {
  const count = RUN_ARGS.exec(recorded);
  if (!count) return recorded;
  let rest = recorded.slice(count[0].length);
  for (let i = 0; i < Number(count[1]); i++) rest = rest.replace(/^\S+=\S*\s*/, '');
  return rest;
}

const space = (s: string) => s.replace(/\s+/g, ' ').trim();

/** How well a history entry fits an instruction: not at all, by its kind only, or by its text. */
type Fit = 'none' | 'kind' | 'text';

/** Whether a history entry (newest first) was made by this instruction. */
export function entryFits(entry: Pick<HistoryJson, 'CreatedBy' | 'Comment'>, instruction: StageInstruction): Fit {
  const recorded = historyInstruction(entry);
  const keyword = /^(\S+)/.exec(recorded)?.[1]?.toUpperCase() ?? '';
  if (keyword !== instruction.keyword) return 'none';
  const rest = recorded.slice(keyword.length).trim();
  const buildkit = BUILDKIT_SUFFIX.test(entry.CreatedBy ?? '');
  switch (instruction.keyword) {
    case 'RUN':
      return runFits(entry.CreatedBy ?? '', instruction, buildkit);
    case 'COPY':
    case 'ADD': {
      if (buildkit) {
        const recordedWords = rest.replace(/\\\s*\n/g, ' ').split(/\s+/).filter((w) => w && !w.startsWith('--'));
        return recordedWords.join(' ') === instruction.words.join(' ') ? 'text' : 'none';
      }
      // The classic builder records `COPY file:<hash> in <destination>`; the destination is what can be compared.
      const destination = / in (.+)$/.exec(rest)?.[1]?.trim();
      const wanted = copyDestination(instruction);
      if (!destination || !wanted) return 'none';
      if (wanted.includes('$')) return 'kind';
      return destination === wanted || destination.endsWith(`/${wanted.replace(/^\.\//, '')}`) ? 'text' : 'none';
    }
    case 'ENV':
    case 'LABEL':
    case 'ARG': {
      const names = new Set([...rest.matchAll(/(?:^|\s)"?([^\s="]+)"?=/g)].map((m) => m[1]));
      if (instruction.keyword === 'ARG') names.add(rest.split(/[=\s]/)[0]);
      return declaredNames(instruction).every((name) => names.has(name)) ? 'kind' : 'none';
    }
    case 'WORKDIR':
      return instruction.args.includes('$') || space(rest) === space(instruction.args) ? 'kind' : 'none';
    default:
      return 'kind';
  }
}

function runFits(createdBy: string, instruction: StageInstruction, buildkit: boolean): Fit {
  const args = instruction.args.trim();
  // A heredoc's body is not recorded the same way by both builders; its kind is all that can be compared.
  if (args.startsWith('<<')) return 'kind';
  let command = space(args);
  if (args.startsWith('[')) {
    try {
      const list = JSON.parse(args) as unknown;
      if (Array.isArray(list)) command = space(list.join(' '));
    } catch {
      // Not valid JSON: the builders run it as a shell command, as written.
    }
  }
  let recorded = createdBy.trim().replace(BUILDKIT_SUFFIX, '');
  if (buildkit) recorded = recorded.replace(/^RUN\s+/, '');
  recorded = space(stripRunArgs(recorded));
  if (recorded === command) return 'text';
  // The shell form is recorded after its shell (`/bin/sh -c`, or what SHELL set, such as `/bin/bash -o pipefail -c`).
  if (recorded.endsWith(` ${command}`) && /(^|\s)(-c|\/S \/C)$/i.test(recorded.slice(0, -command.length - 1))) return 'text';
  return 'none';
}

function copyDestination(instruction: StageInstruction): string | undefined {
  const args = instruction.args.trim();
  if (args.startsWith('[')) {
    try {
      const list = JSON.parse(args) as unknown;
      if (Array.isArray(list) && list.length > 0) return String(list.at(-1));
    } catch {
      // Not JSON: read as words below.
    }
  }
  return instruction.words.at(-1);
}

/** The names an ENV, LABEL or ARG sets: `A=1 B=2`, or the legacy `ENV A 1`. */
function declaredNames(instruction: StageInstruction): string[] {
  const words = instruction.words;
  if (words.length === 0) return [];
  if (instruction.keyword !== 'ARG' && !words[0].includes('=')) return [words[0]];
  return words.map((w) => w.split('=')[0]).filter(Boolean);
}

/** Which history entry (by index, newest first) each instruction of a stage made, and how sure that is. */
export interface HistoryMatch {
  /** History index → the 0-based line of the instruction that made it. */
  lines: Map<number, number>;
  /** Every instruction of the stage was matched. */
  complete: boolean;
  /** How many matched on their text (RUN, COPY, ADD), not on their kind only. */
  byText: number;
  /** The stage's FROM line. */
  fromLine: number;
}

/**
 * Matches a stage's instructions against an image's history from the newest entry up. LABEL entries on top that no
 * instruction made (the labels `docker build --label` adds) are passed over; the first entry that does not fit ends
 * the matching, so what is matched is always the part of the stage nearest the image's end.
 */
export function matchHistory(history: Pick<HistoryJson, 'CreatedBy' | 'Comment'>[], stage: DockerfileStage): HistoryMatch {
  const lines = new Map<number, number>();
  let byText = 0;
  let entry = 0;
  let next = stage.instructions.length - 1;
  while (entry < history.length && next >= 0) {
    const fit = entryFits(history[entry], stage.instructions[next]);
    if (fit === 'none') {
      if (lines.size === 0 && /^LABEL\s/.test(historyInstruction(history[entry]))) {
        entry++;
        continue;
      }
      break;
    }
    lines.set(entry, stage.instructions[next].line);
    if (fit === 'text') byText++;
    entry++;
    next--;
  }
  return { lines, complete: next < 0, byText, fromLine: stage.fromLine };
}

/** The stage an image was built up to: the one its `dockml.target` label names, else the last. */
export function builtStage(stages: DockerfileStage[], labels?: Record<string, string> | null): DockerfileStage | undefined {
  const target = labels?.[TARGET_LABEL]?.toLowerCase();
  return (target ? stages.find((s) => s.name === target) : undefined) ?? stages.at(-1);
}

/**
 * Whether the matching is sure enough to name lines. An image labelled with this Dockerfile's path was built from it,
 * so the instructions matched from its end are right even when the file changed above them since; an image without
 * the label must match the whole stage, with at least one instruction matched on its text.
 */
export function trustMatch(match: HistoryMatch, labelled: boolean): boolean {
  return match.byText > 0 && (labelled || match.complete);
}

/** What the engine tells about images; the explorer's engine client. */
export interface ImageReader {
  listImages(): Promise<ImageJson[]>;
  imageHistory(id: string): Promise<HistoryJson[]>;
}

/** A local image found to be built from a Dockerfile, with its history and the lines it matched. */
export interface LocalImage {
  image: ImageJson;
  history: HistoryJson[];
  /** Whether the image carries this Dockerfile's path in its `dockml.dockerfile` label. */
  labelled: boolean;
}

/** How many images' histories are read at most when looking for one built from a Dockerfile. */
export const MAX_HISTORIES = 40;

/**
 * The newest local image built from the Dockerfile at `file` (its text is `text`): labelled with its path, or, for
 * an image built outside the editor, whose history matches the last stage. Undefined when none is found among the
 * newest MAX_HISTORIES images.
 */
export async function findLocalImage(engine: ImageReader, file: string, text: string): Promise<LocalImage | undefined> {
  const stages = dockerfileStages(text);
  if (stages.length === 0) return undefined;
  const images = (await engine.listImages()).sort((a, b) => (b.Created ?? 0) - (a.Created ?? 0));
  let read = 0;
  for (const image of images) {
    // A label naming another Dockerfile may be inherited from a base image DockML built, so such images are read too.
    const labelled = image.Labels?.[DOCKERFILE_LABEL] === file;
    if (read++ >= MAX_HISTORIES) break;
    const stage = builtStage(stages, labelled ? image.Labels : undefined);
    if (!stage) continue;
    const history = await engine.imageHistory(image.Id).catch(() => undefined);
    if (history && trustMatch(matchHistory(history, stage), labelled)) return { image, history, labelled };
  }
  return undefined;
}

/** A matched layer: the line that made it and its size. */
export interface LineLayer {
  line: number;
  bytes: number;
  instruction: string;
}

/** The layers of a found image put on the lines of the Dockerfile as it reads now; none when it no longer matches. */
export function imageLines(found: LocalImage, text: string): { layers: LineLayer[]; fromLine: number } | undefined {
  const stage = builtStage(dockerfileStages(text), found.labelled ? found.image.Labels : undefined);
  if (!stage) return undefined;
  const match = matchHistory(found.history, stage);
  if (!trustMatch(match, found.labelled)) return undefined;
  const layers = [...match.lines].map(([index, line]) => ({ line, bytes: found.history[index].Size ?? 0, instruction: historyInstruction(found.history[index]) }));
  return { layers: layers.sort((a, b) => a.line - b.line), fromLine: match.fromLine };
}

/** The first tag of an image, or its short ID when it has none. */
export function imageName(image: Pick<ImageJson, 'Id' | 'RepoTags'>): string {
  return imageTags(image)[0] ?? image.Id.replace(/^sha256:/, '').slice(0, 12);
}

/** An image's tags in order, without the `<none>:<none>` a dangling image reports. */
export function imageTags(image: Pick<ImageJson, 'RepoTags'>): string[] {
  return (image.RepoTags ?? []).filter((t) => t !== '<none>:<none>').sort();
}

/** The hover of the stage's FROM for an image found locally: its name, total size and five largest layers. */
export function localImageHover(found: LocalImage, lines: { layers: LineLayer[] }): string {
  const largest = lines.layers
    .filter((l) => l.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 5)
    .map((l) => `- line ${l.line + 1}: ${formatBytes(l.bytes)} \`${l.instruction.slice(0, 80)}\``);
  const how = found.labelled ? 'built from this Dockerfile' : 'whose history matches this Dockerfile';
  return [
    `**Local image \`${imageName(found.image)}\`**, ${formatBytes(found.image.Size ?? 0)} in all (the newest ${how})`,
    '',
    ...(largest.length > 0 ? ['Largest layers:', ...largest] : ['No layer of its own.']),
  ].join('\n');
}

/** A Dockerfile on disk, by absolute path, with its stages (parsed once for all the images matched against it). */
export interface ParsedDockerfile {
  file: string;
  stages: DockerfileStage[];
}

/**
 * The Dockerfile an image was built from, among `candidates`, with the line of each history entry it made: the one
 * its `dockml.dockerfile` label names when the history fits it, else the single one whose last stage the history
 * matches (several that match equally name none, as nothing tells them apart).
 */
export function dockerfileOfImage(
  history: HistoryJson[],
  labels: Record<string, string> | null | undefined,
  candidates: ParsedDockerfile[],
): { file: string; lines: Map<number, number> } | undefined {
  const label = labels?.[DOCKERFILE_LABEL];
  const tryOne = (candidate: ParsedDockerfile, labelled: boolean) => {
    const stage = builtStage(candidate.stages, labelled ? labels : undefined);
    const match = stage ? matchHistory(history, stage) : undefined;
    return match && trustMatch(match, labelled) ? { file: candidate.file, lines: match.lines } : undefined;
  };
  const own = label !== undefined ? candidates.find((c) => c.file === label) : undefined;
  const labelled = own && tryOne(own, true);
  if (labelled) return labelled;
  // An image built on one that DockML built inherits its label; its own Dockerfile is then found by its history.
  const found = candidates.flatMap((c) => tryOne(c, false) ?? []);
  return found.length === 1 ? found[0] : undefined;
}
