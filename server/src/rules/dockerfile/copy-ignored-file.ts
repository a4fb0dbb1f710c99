// BuildKit's CopyIgnoredFile (experimental): COPY or ADD of a path that .dockerignore keeps out of the build context.
import { names } from '../../dockerfile/buildkit';
import { copySources } from '../../dockerfile/split';
import { buildContext } from '../../project/context';
import { isIgnored, parseDockerignore } from '../../project/dockerignore';
import type { DockerfileRule } from '../types';

const CHECK = 'CopyIgnoredFile';

export const rule: DockerfileRule = {
  id: 'copy-ignored-file',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { buildkit: [CHECK] },
  fixable: false,
  docs: {
    summary:
      'A `COPY` or `ADD` source that `.dockerignore` excludes; experimental in BuildKit, so it runs only when ' +
      '`# check=experimental=CopyIgnoredFile` (or `all`) turns it on.',
    rationale:
      'What `.dockerignore` excludes is not sent to the builder, so the COPY fails with "not found", or a pattern ' +
      'copies less than it seems to. Often a `models/` or `*.ckpt` line added to keep weights out of the context, ' +
      'and a COPY that still expects them.',
    bad: '# check=experimental=CopyIgnoredFile\nFROM python:3.11-slim\nCOPY models/ /models/',
    good: '# check=experimental=CopyIgnoredFile\nFROM python:3.11-slim\nCOPY serve.py /app/',
    files: { '.dockerignore': 'models/\n*.ckpt\n' },
  },
  messages: {
    ignored: 'Attempting to {verb} file "{file}" that is excluded by .dockerignore.',
  },
  check(ctx) {
    const { model } = ctx;
    if (!ctx.path || !names(model.checks.experimental, CHECK)) return;
    const context = buildContext(ctx.path, model, ctx.builders, ctx.files);
    const text = context.ignored ? ctx.files.readFile(context.ignoreFile) : undefined;
    if (!text) return;
    const patterns = parseDockerignore(text);
    for (const instr of model.instructions) {
      if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || instr.flag('from')) continue;
      for (const source of copySources(instr)) {
        if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source.value) || source.value.includes('$') || source.value.startsWith('..')) continue;
        if (!isIgnored(patterns, source.value)) continue;
        ctx.report({
          messageId: 'ignored',
          data: { verb: instr.keyword === 'COPY' ? 'Copy' : 'Add', file: source.value },
          range: model.lines.range(source.start, source.end),
        });
      }
    }
  },
};
