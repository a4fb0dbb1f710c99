// The "split into builder and runtime stages" refactor: the final stage keeps its build steps under a
// builder name, and a new runtime stage on a slimmer base receives only what the built application needs.
import * as path from 'node:path';
import type { FileEdit } from '../rules/types';
import { installCommands } from './commands';
import type { DockerfileModel, Instr, Stage } from './model';
import { commandName } from './shell';

/** Instructions that describe the running container: the runtime stage takes them over from the builder. */
const RUNTIME_METADATA = new Set(['EXPOSE', 'USER', 'HEALTHCHECK', 'LABEL', 'VOLUME', 'STOPSIGNAL', 'CMD', 'ENTRYPOINT']);

/** Instructions that both stages need: the builder's steps depend on them, and so does the running container. */
const SHARED_SETUP = new Set(['ENV', 'WORKDIR', 'SHELL']);

/** Commands that create users and prepare their folders, and nothing else. */
const USER_SETUP_COMMANDS = new Set(['useradd', 'groupadd', 'adduser', 'addgroup', 'usermod', 'mkdir', 'chown', 'chmod']);
const USER_CREATION_COMMANDS = new Set(['useradd', 'groupadd', 'adduser', 'addgroup']);

/** Writes generated keywords in the case the user writes them: a Dockerfile in lower case stays so. */
export function keywordCaser(model: DockerfileModel, stage: Stage): (keyword: string) => string {
  const written = model.text.slice(stage.from.start, stage.from.start + 4);
  const lower = written === written.toLowerCase();
  return (keyword) => (lower ? keyword.toLowerCase() : keyword.toUpperCase());
}

/** The source arguments of a COPY or ADD, without heredoc markers and bodies or the destination. */
export function copySources(instr: Instr): { value: string; start: number; end: number }[] {
  if (instr.keyword !== 'COPY' && instr.keyword !== 'ADD') return [];
  const lines = instr.model.lines;
  let words: { value: string; start: number; end: number }[];
  if (instr.isJsonForm) {
    words = instr.commands[0]?.words ?? [];
  } else {
    const heredocStart = instr.heredocs[0]?.getStartRange().start.line;
    words = instr.args
      .filter((a) => !a.value.startsWith('<<') && (heredocStart === undefined || a.range.start.line <= heredocStart))
      .map((a) => ({ value: a.value, start: lines.offsetAt(a.range.start), end: lines.offsetAt(a.range.end) }));
  }
  return words.slice(0, -1);
}

/**
 * The first line of the comment block written directly above an instruction (no blank line between),
 * so that a moved instruction takes its explanation (or its `# dockml-ignore`) along.
 */
export function commentBlockStart(model: DockerfileModel, instr: Instr): number {
  let line = instr.range.start.line;
  while (line > 0 && /^\s*#/.test(model.lines.lineText(line - 1)) && model.instructionAt(line - 1) === undefined) line--;
  return line;
}

/**
 * Splits the final stage into a builder stage, which keeps every build step, and a runtime stage on the
 * slim (or runtime) variant of the same base, which copies the built application from the builder and
 * takes over the runtime metadata (EXPOSE, USER, HEALTHCHECK, LABEL, VOLUME, STOPSIGNAL, CMD,
 * ENTRYPOINT). Returns the edits to the document, or undefined when the stage cannot be split: it is
 * not the final stage, or it is built on another stage rather than on an image.
 */
export function splitStage(model: DockerfileModel, stage: Stage): FileEdit[] | undefined {
  if (stage !== model.finalStage || stage.parent || stage.baseText === '') return undefined;
  const { lines, text } = model;
  const eol = lines.eol;
  const kw = keywordCaser(model, stage);
  const builder = stage.nameRange ? text.slice(lines.offsetAt(stage.nameRange.start), lines.offsetAt(stage.nameRange.end)) : uniqueName(model);
  const edits: { start: number; end: number; newText: string }[] = [];
  if (!stage.nameRange) {
    const at = lines.offsetAt(stage.baseRange.end);
    edits.push({ start: at, end: at, newText: ` ${kw('AS')} ${builder}` });
  }

  // A USER that later build steps run as stays in the builder too; the other metadata moves.
  const moved = new Set(stage.instructions.filter((instr, i) => RUNTIME_METADATA.has(instr.keyword) && !(instr.keyword === 'USER' && buildStepFollows(stage, i))));
  const runtimeMetadata = stage.instructions.filter((instr) => RUNTIME_METADATA.has(instr.keyword));
  const kept = stage.instructions.filter((instr) => !moved.has(instr));
  const lastKept = kept.length > 0 ? kept[kept.length - 1] : stage.from;

  // Moved instructions above the builder's last kept one are deleted where they stand, with their comments.
  for (const instr of moved) {
    if (instr.start > lastKept.start) continue;
    const start = lines.lineStart(commentBlockStart(model, instr));
    const endLine = instr.range.end.line;
    const end = endLine + 1 < lines.lineCount ? lines.lineStart(endLine + 1) : text.length;
    edits.push({ start, end, newText: '' });
  }

  // Below it, the text is rebuilt: comments that belong to no moved instruction stay in the builder.
  const movedLines = new Set<number>();
  for (const instr of moved) {
    for (let line = commentBlockStart(model, instr); line <= instr.range.end.line; line++) movedLines.add(line);
  }
  let tail = '';
  for (let line = lastKept.range.end.line + 1; line < lines.lineCount; line++) {
    if (!movedLines.has(line) && /^\s*#/.test(lines.lineText(line)) && model.instructionAt(line) === undefined) tail += eol + lines.lineText(line);
  }
  const runtime = runtimeStage(model, stage, builder, runtimeMetadata, kw);
  const endsWithBreak = text.endsWith('\n') || text.endsWith('\r');
  tail += eol + eol + runtime.join(eol) + (endsWithBreak ? eol : '');
  edits.push({ start: lastKept.end, end: text.length, newText: tail });

  return edits.map((e) => ({ range: lines.range(e.start, e.end), newText: e.newText }));
}

/** The lines of the runtime stage. */
function runtimeStage(model: DockerfileModel, stage: Stage, builder: string, metadata: Instr[], kw: (k: string) => string): string[] {
  const source = (instr: Instr) => model.text.slice(instr.start, instr.end);
  const withComments = (instr: Instr) => model.text.slice(model.lines.lineStart(commentBlockStart(model, instr)), instr.end);
  const setup = stage.instructions.filter((instr) => SHARED_SETUP.has(instr.keyword) || isUserSetup(instr));
  const carried = [...setup, ...metadata].map(source).join('\n');
  const args = stage.instructions.filter((instr) => instr.keyword === 'ARG' && instr.args.some((a) => mentions(carried, a.value.split('=')[0])));

  const out: string[] = [`${kw('FROM')} ${platformFlag(stage)}${runtimeBase(model, stage)}`];
  for (const instr of [...args, ...setup]) out.push(source(instr));

  const copied: string[] = [];
  if (stage.imageInfo?.family === 'python') copied.push('/usr/local');
  const workdir = finalWorkdir(stage);
  for (const venv of virtualEnvironments(stage)) {
    if (!copied.some((dir) => within(venv, dir)) && !(workdir && within(venv, workdir))) copied.push(venv);
  }
  if (workdir && !copied.some((dir) => within(workdir, dir))) copied.push(workdir);
  for (const dir of copied) out.push(`${kw('COPY')} --from=${builder} ${dir} ${dir}`);
  if (stage.imageInfo?.family !== 'python' || !workdir) out.push('# Copy any other build outputs from the builder stage here.');
  if (installsSystemPackages(stage)) out.push('# Install here the system packages the application needs at run time: the builder\'s are not copied.');

  for (const instr of metadata) out.push(withComments(instr));
  return out;
}

/** The base of the runtime stage: the slim or runtime variant of the builder's base, else the same base as written. */
function runtimeBase(model: DockerfileModel, stage: Stage): string {
  const info = stage.imageInfo;
  const alternative = info?.slimAlternative ?? info?.runtimeAlternative;
  if (alternative) return alternative;
  return model.text.slice(model.lines.offsetAt(stage.baseRange.start), model.lines.offsetAt(stage.baseRange.end));
}

/** The builder's `--platform` flag, unless it names the build platform, which is for cross-building only. */
function platformFlag(stage: Stage): string {
  const value = stage.from.flag('platform')?.getValue();
  return value && !value.includes('BUILDPLATFORM') ? `--platform=${value} ` : '';
}

/** A stage name that no other stage uses: `builder`, else `builder2`, `builder3`, … */
function uniqueName(model: DockerfileModel): string {
  const taken = new Set(model.stages.map((s) => s.name));
  let name = 'builder';
  for (let n = 2; taken.has(name); n++) name = `builder${n}`;
  return name;
}

/** True when a RUN, COPY or ADD follows the instruction at `index`: then a USER there still matters to the build. */
function buildStepFollows(stage: Stage, index: number): boolean {
  return stage.instructions.slice(index + 1).some((instr) => instr.keyword === 'RUN' || instr.keyword === 'COPY' || instr.keyword === 'ADD');
}

/** A RUN that only creates users and their folders, which the runtime stage needs as well. */
function isUserSetup(instr: Instr): boolean {
  if (instr.keyword !== 'RUN') return false;
  const names = instr.commands.map((c) => commandName(c)?.name ?? '');
  return names.length > 0 && names.every((n) => USER_SETUP_COMMANDS.has(n)) && names.some((n) => USER_CREATION_COMMANDS.has(n));
}

/** The working directory the stage ends in, when it sets one other than `/`. */
function finalWorkdir(stage: Stage): string | undefined {
  let current = '/';
  for (const instr of stage.instructions) {
    const value = instr.keyword === 'WORKDIR' ? instr.args[0]?.value : undefined;
    if (!value) continue;
    current = value.startsWith('/') || value.startsWith('$') ? value : path.posix.join(current, value);
  }
  current = current.length > 1 ? current.replace(/\/+$/, '') : current;
  return current === '/' ? undefined : current;
}

/** Absolute paths of the virtual environments the stage creates (`python -m venv /opt/venv`, `uv venv /opt/venv`). */
function virtualEnvironments(stage: Stage): string[] {
  const found: string[] = [];
  for (const instr of stage.instructions) {
    if (instr.keyword !== 'RUN') continue;
    for (const command of instr.commands) {
      const named = commandName(command);
      if (!named) continue;
      let args = named.args;
      if (named.name === 'uv' && args[0]?.value === 'venv') args = args.slice(1);
      else if (named.name !== 'venv' && named.name !== 'virtualenv') continue;
      const target = args.find((w) => !w.value.startsWith('-'))?.value;
      if (target && target.startsWith('/') && !target.includes('$')) found.push(target.length > 1 ? target.replace(/\/+$/, '') : target);
    }
  }
  return found;
}

/** True when the stage installs system packages, which the runtime stage, on a fresh base, does not have. */
function installsSystemPackages(stage: Stage): boolean {
  return stage.instructions.some((instr) => installCommands(instr).some((i) => (i.manager === 'apt' || i.manager === 'apk') && i.packages.length > 0));
}

function within(child: string, parent: string): boolean {
  return child === parent || child.startsWith(`${parent}/`);
}

/** True when `text` refers to the variable `name`: `$NAME` or `${NAME…}`. */
function mentions(text: string, name: string): boolean {
  if (name === '') return false;
  if (text.includes(`\${${name}}`) || text.includes(`\${${name}:`)) return true;
  for (let at = text.indexOf(`$${name}`); at >= 0; at = text.indexOf(`$${name}`, at + 1)) {
    if (!/[A-Za-z0-9_]/.test(text.charAt(at + name.length + 1))) return true;
  }
  return false;
}
