// `dockml context [DOCKERFILE]`: which build context a Dockerfile is built from, and what it sends to the engine
// once `.dockerignore` is applied, with its largest entries; and the context sizes that `lint` and `fix` measure.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiskFileHost } from '../analysis/documents';
import { DockerfileModel } from '../dockerfile/model';
import { escapeControl } from '../files/terminal';
import { ComposeBuildersIndex } from '../project/builders';
import { buildContext, describeContext } from '../project/context';
import { ContextSize, describeContextSize, measureContextSync } from '../project/contextSize';
import { readTextFile } from '../files/read';

/** The longest one context is walked before its size is given as a lower bound. */
export const CLI_CONTEXT_BUDGET_MS = 10_000;
/** Dockerfiles over this size are refused, as `lint` refuses them. */
const MAX_DOCKERFILE_BYTES = 16 * 1024 * 1024;

export const CONTEXT_USAGE = `Usage: dockml context [options] [DOCKERFILE]

Prints the build context of DOCKERFILE (default: ./Dockerfile): the folder it is built from (a Compose service's
build.context, else where its COPY sources are, else its own folder), how much it sends to the engine once
.dockerignore is applied, and its largest entries.

Options:
  --format text|json   Output format (default: text).
  --top N              How many of the largest entries to list (default: 10).
  -h, --help           Show this help.`;

interface Io {
  out(text: string): void;
  err(text: string): void;
}

/**
 * Context sizes measured on this thread, once per folder and `.dockerignore` version, for the rules that `lint` and
 * `fix` run: a `.dockerignore` that a fix wrote is measured again.
 */
export class ContextSizeCache {
  private readonly sizes = new Map<string, ContextSize>();

  get(dir: string, ignoreFile: string | undefined): ContextSize {
    let mtime = -1;
    try {
      if (ignoreFile) mtime = fs.statSync(ignoreFile).mtimeMs;
    } catch {
      // A missing .dockerignore measures as none.
    }
    const key = `${dir}\0${ignoreFile ?? ''}\0${mtime}`;
    let size = this.sizes.get(key);
    if (!size) this.sizes.set(key, (size = measureContextSync(dir, ignoreFile, CLI_CONTEXT_BUDGET_MS)));
    return size;
  }
}

/** Runs `dockml context`; returns the exit code: 0, or 2 on bad usage or an unreadable Dockerfile. */
export function contextCommand(argv: string[], io: Io): number {
  let format = 'text';
  let top = 10;
  let file: string | undefined;
  const fail = (message: string) => {
    io.err(escapeControl(`dockml: ${message}`));
    io.err("Run 'dockml context --help' for usage.");
    return 2;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (name === '-h' || name === '--help') {
      io.out(CONTEXT_USAGE);
      return 0;
    }
    if (name === '--format' || name === '--top') {
      const value = inline ?? argv[++i];
      if (value === undefined) return fail(`${name} needs a value`);
      if (name === '--format') {
        if (value !== 'text' && value !== 'json') return fail(`--format must be text or json, not "${value}"`);
        format = value;
      } else {
        if (!/^\d+$/.test(value)) return fail(`--top must be a whole number, not "${value}"`);
        top = Number(value);
      }
    } else if (name.startsWith('-') && name !== '-') {
      return fail(`unknown option ${name}`);
    } else if (file === undefined) {
      file = arg;
    } else {
      return fail('context takes one Dockerfile');
    }
  }
  const dockerfile = path.resolve(file ?? 'Dockerfile');
  const read = readTextFile(dockerfile, MAX_DOCKERFILE_BYTES);
  if ('problem' in read) return fail(file === undefined ? `no Dockerfile here (${read.problem}); name one: dockml context path/to/Dockerfile` : read.problem);
  const files = new DiskFileHost();
  const model = new DockerfileModel(read.text);
  const context = buildContext(dockerfile, model, new ComposeBuildersIndex().of(dockerfile, files, undefined), files);
  const size = measureContextSync(context.dir, context.ignored ? context.ignoreFile : undefined, CLI_CONTEXT_BUDGET_MS);
  if (format === 'json') {
    io.out(
      JSON.stringify(
        {
          dockerfile: path.relative(process.cwd(), dockerfile) || dockerfile,
          context: context.dir,
          origin: context.origin,
          ...(context.builder ? { service: context.builder.service, composeFile: context.builder.composeFile } : {}),
          ignoreFile: context.ignored ? context.ignoreFile : null,
          bytes: size.bytes,
          files: size.files,
          complete: size.complete,
          ...(size.problem ? { problem: size.problem } : {}),
          entries: size.entries.slice(0, top),
        },
        null,
        2,
      ),
    );
  } else if (size.problem) {
    io.err(escapeControl(`dockml: ${size.problem}`));
  } else {
    const { total, entries } = describeContextSize(size, top);
    const lines = [`${describeContext(dockerfile, context).replace(/`/g, '')}: ${context.dir}`, `Sends ${total}.`];
    const width = entries.reduce((widest, e) => Math.max(widest, e.name.length), 0);
    if (entries.length > 0) lines.push('Largest entries:');
    for (const e of entries) lines.push(`  ${e.name.padEnd(width)}  ${e.detail}`);
    for (const line of lines) io.out(escapeControl(line));
  }
  return size.problem ? 2 : 0;
}
