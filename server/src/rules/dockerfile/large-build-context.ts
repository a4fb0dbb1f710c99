// `COPY .` over a build context that sends hundreds of megabytes to the engine: data sets, checkpoints and .git
// history that .dockerignore does not leave out, named with their measured sizes.
import { copySources } from '../../dockerfile/split';
import { buildContext, describeContext } from '../../project/context';
import { ContextEntry, formatBytes } from '../../project/contextSize';
import type { DockerfileRule, FileEdit } from '../types';
import { LineIndex } from '../../text';

/** Contexts at least this large are reported. */
const REPORTED_BYTES = 100_000_000;
/** An entry is worth leaving out when it holds at least this many bytes. */
const OFFENDER_BYTES = 10_000_000;
/** The most entries a message names. */
const MAX_NAMED = 3;
/** The most entries a fix leaves out. */
const MAX_LEFT_OUT = 5;

export const rule: DockerfileRule = {
  id: 'large-build-context',
  kind: 'dockerfile',
  severity: 'info',
  fixable: true,
  docs: {
    summary: '`COPY .` or `ADD .` over a build context of 100 MB or more, measured on disk with `.dockerignore` applied.',
    rationale:
      'Every build sends the whole context to the engine before the first instruction runs, and `COPY .` puts all of ' +
      'it in the image: a forgotten data set, checkpoint folder or `.git` history makes each build start with minutes ' +
      'of transfer and ships gigabytes nobody meant to. DockML measures the context the way the docker CLI sends it ' +
      '(the same `.dockerignore` rules, in the same folder: see `missing-dockerignore` for how the context is found) ' +
      'in the background, names its largest entries, and offers to add them to `.dockerignore`. The measurement is ' +
      'cached until a folder of the context or the `.dockerignore` changes; `dockml context` prints it in full.',
    bad: '# The folder holds datasets/ (9.1 GB) and checkpoints/ (2.3 GB) next to the code.\nFROM python:3.11-slim\nWORKDIR /app\nCOPY . .',
    good: '# .dockerignore lists datasets/ and checkpoints/; they are mounted at run time.\nFROM python:3.11-slim\nWORKDIR /app\nCOPY . .',
    fixSafety: 'unsafe',
  },
  messages: {
    large: '`{copy}` sends {size} in {files} files of the {context} to the engine; the largest: {largest}.',
  },
  check(ctx) {
    if (!ctx.path) return;
    const { model } = ctx;
    let broad: { keyword: string; start: number; end: number } | undefined;
    const named = new Set<string>();
    for (const instr of model.instructions) {
      if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || instr.flag('from')) continue;
      for (const source of copySources(instr)) {
        if (source.value === '.' || source.value === './') broad ??= { keyword: instr.keyword, start: source.start, end: source.end };
        else named.add(source.value.replace(/^(\.\/)+|^\/+/, '').split('/')[0]);
      }
    }
    if (!broad) return;
    const context = buildContext(ctx.path, model, ctx.builders, ctx.files);
    const size = ctx.contextSize(context.dir, context.ignored ? context.ignoreFile : undefined);
    if (!size || size.problem || size.bytes < REPORTED_BYTES) return;
    const largest = size.entries.slice(0, MAX_NAMED).filter((e) => e.bytes > 0);
    // The largest entries the build does not name, until what is left is below the reported size.
    const offenders: ContextEntry[] = [];
    let left = size.bytes;
    for (const entry of size.entries) {
      if (left < REPORTED_BYTES || offenders.length === MAX_LEFT_OUT || entry.bytes < OFFENDER_BYTES) break;
      if (isNamed(entry, named) || /[*?[\]\\!#\s]/.test(entry.name)) continue;
      offenders.push(entry);
      left -= entry.bytes;
    }
    const at = size.complete ? '' : 'at least ';
    ctx.report({
      messageId: 'large',
      data: {
        copy: `${broad.keyword} ${model.text.slice(broad.start, broad.end)}`,
        size: `${at}${formatBytes(size.bytes)}`,
        files: `${at}${size.files.toLocaleString('en-US')}`,
        context: describeContext(ctx.path, context),
        largest: largest.map((e) => `\`${e.name}\` ${formatBytes(e.bytes)}`).join(', '),
      },
      range: model.lines.range(broad.start, broad.end),
      fixes:
        offenders.length === 0
          ? []
          : [
              {
                title: `Leave ${offenders.map((e) => e.name).join(', ')} out of the build context (.dockerignore)`,
                preferred: true,
                // What the context leaves out changes what `COPY .` puts in the image.
                safe: false,
                edits: [appendLines(context.ignoreFile, ctx.files.readFile(context.ignoreFile), offenders.map((e) => e.name))],
              },
            ],
    });
  },
};

/** Whether a COPY or ADD names the entry (or something inside it) explicitly, so that the build needs it. */
function isNamed(entry: ContextEntry, named: Set<string>): boolean {
  const first = entry.name.replace(/\/$/, '');
  return [...named].some((n) => n === first || /[*?[]/.test(n));
}

/** An edit that adds lines at the end of a text file, or creates the file with them when it does not exist. */
function appendLines(file: string, text: string | undefined, lines: string[]): FileEdit {
  if (text === undefined) {
    const origin = { line: 0, character: 0 };
    return { file, create: true, range: { start: origin, end: origin }, newText: lines.map((l) => `${l}\n`).join('') };
  }
  const index = new LineIndex(text);
  const end = index.positionAt(text.length);
  const lead = text === '' || text.endsWith('\n') ? '' : index.eol;
  return { file, range: { start: end, end }, newText: lead + lines.map((l) => l + index.eol).join('') };
}
