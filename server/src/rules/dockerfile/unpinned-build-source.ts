// Sources pulled in the middle of a build without a version: `COPY --from=<image>` and `RUN --mount=from=<image>`
// without a tag or digest, and `git clone` of a branch head that is never checked out at a commit or tag.
import { parseImageRef } from '../../images/imageRef';
import { stageReferences } from '../../dockerfile/model';
import type { DockerfileModel, Instr, Stage } from '../../dockerfile/model';
import { environmentAt } from '../caches';
import { commandName, ShellCommand, Word } from '../../dockerfile/shell';
import type { DockerfileRule } from '../types';

/** Branch names that move: checking one out pins nothing. */
const BRANCHES = new Set(['main', 'master', 'develop', 'dev', 'trunk', 'nightly', 'HEAD', 'origin/main', 'origin/master']);
/** `git clone` options whose value is the next word. */
const CLONE_WITH_VALUE = new Set(['-b', '--branch', '--depth', '-o', '--origin', '-c', '--config', '--reference', '-j', '--jobs', '--separate-git-dir', '--template', '-u', '--upload-pack', '--filter', '--shallow-since', '--shallow-exclude']);

export const rule: DockerfileRule = {
  id: 'unpinned-build-source',
  kind: 'dockerfile',
  severity: 'warning',
  fixable: false,
  docs: {
    summary:
      '`COPY --from=<image>` or `RUN --mount=from=<image>` without a tag or digest (or with `latest`), and `git clone` of a ' +
      'branch head that is never checked out at a commit or tag.',
    rationale:
      'Pinning the base image is not enough when the build pulls other sources as it goes. An image named in ' +
      '`COPY --from` or a mount moves with every release, and `git clone` of a default branch builds whatever was pushed ' +
      'last: the same Dockerfile gives a different uv, a different CUDA kernel library or a different model server from ' +
      'one day to the next, and a build that passed yesterday fails or behaves differently. Name a version tag or a ' +
      'digest, and clone a tag (`--branch v1.2.3`) or check out a commit after cloning. Only stages the final image ' +
      'needs are checked; a branch or commit given by a build argument is taken as pinned unless its default is a branch ' +
      'such as `main` or `master`.',
    bad:
      'FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:latest /uv /bin/uv\n' +
      'RUN git clone https://github.com/NVIDIA/apex /opt/apex',
    good:
      'FROM python:3.12-slim\nCOPY --from=ghcr.io/astral-sh/uv:0.5.11 /uv /bin/uv\n' +
      'RUN git clone https://github.com/NVIDIA/apex /opt/apex && git -C /opt/apex checkout 25.04',
  },
  messages: {
    untagged: '`{image}` has no tag, so the build copies from whatever `{image}:latest` is that day; pin a version tag, or a digest (`@sha256:…`).',
    latest: '`{image}` follows the moving `latest` tag, so the build copies from whatever it is that day; pin a version tag, or a digest (`@sha256:…`).',
    branch: '`git clone` builds whatever the default branch holds that day; clone a tag (`--branch <tag>`) or check out a commit after cloning.',
    branchHead: '`git clone --branch {branch}` builds whatever that branch holds that day; clone a tag or check out a commit after cloning.',
  },
  check(ctx) {
    const { model } = ctx;
    for (const stage of model.stages) {
      if (!stage.reachable) continue;
      for (const [index, instr] of stage.instructions.entries()) {
        for (const ref of stageReferences(instr)) {
          // Bare words are stage names (or mistaken ones, which copy-from-unknown-stage reports).
          if (!/[/:@.]/.test(ref.value) || model.stageRef(ref.value, stage.index)) continue;
          const resolved = model.resolve(ref.value);
          const image = resolved === undefined ? undefined : parseImageRef(resolved);
          if (!image || image.digest) continue;
          if (image.tag === undefined) ctx.report({ messageId: 'untagged', data: { image: image.raw }, range: ref.range });
          else if (image.tag === 'latest') ctx.report({ messageId: 'latest', data: { image: image.raw }, range: ref.range });
        }
        if (instr.keyword !== 'RUN') continue;
        for (const command of instr.commands) {
          const clone = gitClone(command);
          if (!clone) continue;
          const env = environmentAt(instr);
          const branch = clone.branch && valueOf(clone.branch.value, env, model);
          if (clone.branch && (branch === undefined || !BRANCHES.has(branch))) continue;
          if (checkedOutLater(stage, index, instr, command, env)) continue;
          ctx.report({
            messageId: clone.branch ? 'branchHead' : 'branch',
            data: { branch: branch ?? '' },
            range: model.lines.range(clone.git.start, clone.verb.end),
          });
        }
      }
    }
  },
};

/** A `git clone` of a remote repository, with its `--branch` value if any. */
function gitClone(command: ShellCommand): { git: Word; verb: Word; branch?: Word } | undefined {
  const named = commandName(command);
  if (!named || named.name !== 'git') return undefined;
  const args = named.args;
  const verbAt = args.findIndex((w) => !w.value.startsWith('-'));
  if (verbAt < 0 || args[verbAt].value !== 'clone') return undefined;
  let branch: Word | undefined;
  let url: Word | undefined;
  for (let i = verbAt + 1; i < args.length; i++) {
    const value = args[i].value;
    if (value === '-b' || value === '--branch') branch = args[i + 1];
    else if (value.startsWith('--branch=')) branch = { ...args[i], value: value.slice('--branch='.length) };
    if (CLONE_WITH_VALUE.has(value)) i++;
    else if (!value.startsWith('-') && !url) url = args[i];
  }
  if (!url || !/^(https?:\/\/|git@|ssh:\/\/|git:\/\/|\$)/.test(url.value)) return undefined;
  return { git: command.words[command.words.length - named.args.length - 1], verb: args[verbAt], branch };
}

/** True when a later command of the RUN, or a later RUN of the stage, checks out or resets to a commit or tag. */
function checkedOutLater(stage: Stage, index: number, instr: Instr, clone: ShellCommand, env: ReadonlyMap<string, string>): boolean {
  const later = [
    ...instr.commands.filter((c) => c.words[0].start > clone.end),
    ...stage.instructions.slice(index + 1).flatMap((i) => (i.keyword === 'RUN' ? i.commands : [])),
  ];
  return later.some((command) => {
    const named = commandName(command);
    if (!named || named.name !== 'git') return false;
    const args = named.args.filter((w, i, all) => !w.value.startsWith('-') && all[i - 1]?.value !== '-C');
    if (args[0]?.value !== 'checkout' && args[0]?.value !== 'reset' && args[0]?.value !== 'switch') return false;
    const target = args[1] && valueOf(args[1].value, env, instr.model);
    return target !== undefined ? !BRANCHES.has(target) : args[1] !== undefined;
  });
}

/**
 * A word's value with a lone build argument (`$BRANCH`, `${BRANCH:-main}`) replaced by its default; undefined when the
 * argument has none, so that a branch or commit given at build time is taken as pinned.
 */
function valueOf(value: string, env: ReadonlyMap<string, string>, model: DockerfileModel): string | undefined {
  const variable = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}?$/.exec(value);
  if (!variable) return value;
  const known = env.get(variable[1]) || model.globalArgs.get(variable[1]) || variable[2];
  return known ? known.replace(/^["']|["']$/g, '') : undefined;
}
