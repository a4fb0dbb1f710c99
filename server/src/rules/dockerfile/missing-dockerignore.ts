// Copying the whole build context without a .dockerignore puts .git, data sets, checkpoints and secrets into the image.
import type { Instr } from '../../dockerfile/model';
import { copySources } from '../../dockerfile/split';
import { ancestorIgnoreFile, buildContext, describeContext } from '../../project/context';
import type { DockerfileRule } from '../types';

/** The generated file: what ML projects keep beside their code but never want in an image, by theme. */
const SECTIONS: { comment: string; patterns: string[] }[] = [
  { comment: '# Version control', patterns: ['.git'] },
  {
    comment: '# Python caches and virtual environments',
    patterns: ['**/__pycache__', '**/*.py[cod]', '.venv', 'venv', '.mypy_cache', '.pytest_cache', '**/.ipynb_checkpoints'],
  },
  { comment: '# Secrets', patterns: ['.env'] },
  { comment: '# Experiment tracking and training outputs', patterns: ['wandb/', 'mlruns/', 'lightning_logs/', 'runs/', 'outputs/'] },
  { comment: '# Data sets and checkpoints: mount them at run time instead', patterns: ['data/', 'datasets/', 'checkpoints/', '**/*.ckpt'] },
  { comment: '# Host dependencies, editors and OS files', patterns: ['node_modules', '.vscode', '.idea', '**/.DS_Store'] },
];
const HEADER = '# Paths left out of the Docker build context: smaller, faster builds and no secrets in the image.';

export const rule: DockerfileRule = {
  id: 'missing-dockerignore',
  kind: 'dockerfile',
  severity: 'warning',
  fixable: true,
  docs: {
    summary: '`COPY .` or `ADD .` with no `.dockerignore` for the build context.',
    rationale:
      'Without a .dockerignore, `COPY . .` sends and copies everything in the folder: the .git history, virtual ' +
      'environments, data sets, checkpoints, experiment logs and `.env` secrets. ML projects routinely turn a 50 MB ' +
      'image into many gigabytes this way, and every edit to any of those files invalidates the layer cache. The rule ' +
      'looks where BuildKit does: `<Dockerfile>.dockerignore` beside the Dockerfile, else `.dockerignore` at the root of ' +
      'the build context, which is the `build.context` of a Compose service that builds the Dockerfile, else the folder ' +
      'its COPY sources are relative to, else the Dockerfile\'s folder; the message says which context it assumed. When ' +
      'only that last guess is left and a parent folder has a .dockerignore, the Dockerfile is probably built from there, ' +
      'and the rule stays silent.',
    bad: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt',
    good:
      '# The .dockerignore beside this Dockerfile lists .git, .venv, .env, data/ and checkpoints/.\n' +
      'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt',
    fixSafety: 'unsafe',
  },
  messages: {
    missing:
      '`{copy}` sends the whole {context} and there is no .dockerignore for it, so .git, data, checkpoints and .env files end up in the image; add a .dockerignore.',
  },
  check(ctx) {
    if (!ctx.path) return;
    const { model } = ctx;
    let broad: { instr: Instr; start: number; end: number } | undefined;
    const named: string[] = [];
    for (const instr of model.instructions) {
      if (instr.keyword === 'RUN') for (const source of bindMountSources(instr)) named.push(source);
      if ((instr.keyword !== 'COPY' && instr.keyword !== 'ADD') || instr.flag('from')) continue;
      for (const source of copySources(instr)) {
        if (source.value === '.' || source.value === './') broad ??= { instr, start: source.start, end: source.end };
        else if (!/^[a-z]+:\/\//i.test(source.value)) named.push(source.value);
      }
    }
    if (!broad) return;
    const context = buildContext(ctx.path, model, ctx.builders, ctx.files);
    if (context.ignored) return;
    // Only a guess says the context is the Dockerfile's folder; a parent's .dockerignore suggests it is built from there.
    if (context.origin === 'folder' && ancestorIgnoreFile(ctx.path, ctx.files)) return;
    const eol = model.lines.eol;
    const content = [HEADER];
    for (const section of SECTIONS) {
      const patterns = section.patterns.filter((p) => !named.some((source) => excludes(p, source)));
      if (patterns.length > 0) content.push(section.comment);
      for (const pattern of patterns) content.push(pattern);
    }
    const origin = { line: 0, character: 0 };
    ctx.report({
      messageId: 'missing',
      data: { copy: `${broad.instr.keyword} ${model.text.slice(broad.start, broad.end)}`, context: describeContext(ctx.path, context) },
      range: model.lines.range(broad.start, broad.end),
      fixes: [
        {
          title: 'Create a .dockerignore with ML defaults',
          preferred: true,
          // What the context leaves out changes what `COPY .` puts in the image.
          safe: false,
          edits: [{ file: context.ignoreFile, create: true, range: { start: origin, end: origin }, newText: content.join(eol) + eol }],
        },
      ],
    });
  },
};

/** Context paths a RUN bind-mounts: `--mount=type=bind,source=data,target=/data` (bind is the default type). */
function bindMountSources(instr: Instr): string[] {
  const found: string[] = [];
  for (const flag of instr.flags) {
    if (flag.getName().toLowerCase() !== 'mount') continue;
    const options = new Map((flag.getValue() ?? '').split(',').map((o) => o.split('=') as [string, string]));
    if ((options.get('type') ?? 'bind') !== 'bind' || options.has('from')) continue;
    const source = options.get('source') ?? options.get('src');
    if (source) found.push(source);
  }
  return found;
}

/**
 * True when the .dockerignore pattern would hide a path the Dockerfile names (or a folder holding it), or
 * when a glob source could name a path the pattern hides: `COPY data/vocab.txt` rules out `data/`.
 */
function excludes(pattern: string, source: string): boolean {
  const target = source.replace(/^(\.\/)+|^\/+/, '').replace(/\/+$/, '');
  if (target === '' || target === '.' || !/[^*?[\]/]/.test(target)) return false;
  const cleanPattern = pattern.replace(/\/+$/, '');
  const patternRegex = globRegex(cleanPattern);
  if (prefixes(target).some((p) => patternRegex.test(p))) return true;
  if (!/[*?[]/.test(target)) return false;
  const sourceRegex = globRegex(target);
  return prefixes(cleanPattern).some((p) => sourceRegex.test(p));
}

/** `a/b/c` → `a`, `a/b`, `a/b/c`. */
function prefixes(value: string): string[] {
  const parts = value.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** A .dockerignore (Go `filepath.Match` plus `**`) pattern as an anchored regular expression. */
function globRegex(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') {
      out += '[^/]*';
    } else if (c === '?') {
      out += '[^/]';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) {
        out += '\\[';
      } else {
        out += `[${glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else {
      out += c.replace(/[.+^${}()|\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${out}$`);
}
