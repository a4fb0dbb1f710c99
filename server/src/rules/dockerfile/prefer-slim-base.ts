// The shipped image should start from the `-slim` variant of a language or Debian image, not the full one.
import { commandName } from '../../dockerfile/shell';
import type { Stage } from '../../dockerfile/model';
import { rolesOf } from '../../dockerfile/roles';
import { installCommands } from '../../dockerfile/commands';
import { rewriteFromImage } from '../../dockerfile/fromImage';
import type { DockerfileRule, Fix } from '../types';

/** Tools that the full language images ship and their slim variants do not; a stage that calls them must install them. */
const FULL_ONLY_TOOLS = new Set(['gcc', 'g++', 'cc', 'c++', 'make', 'cmake', 'git', 'curl', 'wget', 'ssh', 'scp', 'hg', 'svn', 'unzip', 'xz', 'bzip2', 'patch', 'pkg-config', 'autoconf', 'automake', 'libtool']);

/** Packages that provide those tools when a stage installs them itself. */
const TOOL_PACKAGES: Record<string, string[]> = {
  gcc: ['gcc', 'build-essential', 'gcc-12', 'gcc-11'],
  'g++': ['g++', 'build-essential'],
  cc: ['gcc', 'clang', 'build-essential'],
  'c++': ['g++', 'clang', 'build-essential'],
  make: ['make', 'build-essential'],
  ssh: ['openssh-client'],
  scp: ['openssh-client'],
  hg: ['mercurial'],
  svn: ['subversion'],
  xz: ['xz-utils'],
};

export const rule: DockerfileRule = {
  id: 'prefer-slim-base',
  kind: 'dockerfile',
  severity: 'warning',
  fixable: true,
  docs: {
    summary: 'The shipped image is based on a full `python`, `node`, `ruby` or `debian` image that has a `-slim` variant.',
    rationale:
      'The full official `python`, `node` and `ruby` images carry compilers, version-control tools and hundreds of `-dev` ' +
      'packages so that anything can be built in them: around 1 GB before the application is added. The `-slim` variants ' +
      'hold the same runtime without the toolchain, and `debian:<release>-slim` drops documentation and locales. Build ' +
      'native wheels in a builder stage if needed, and ship the slim image. The fix is offered but not applied ' +
      'automatically when the shipped stages call a tool, such as `gcc` or `git`, that only the full image has, or when ' +
      'the image is pinned by digest. Images made to build in are left alone (see [roles](../roles.md)): base and ' +
      'builder images, development and test images, and dev containers; so are Windows images (a PowerShell or cmd ' +
      '`SHELL`), for which no `-slim` variant exists.',
    bad: 'FROM python:3.11\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["python", "serve.py"]',
    good: 'FROM python:3.11-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["python", "serve.py"]',
    fixSafety: 'unsafe',
  },
  messages: {
    full: '`{image}` is the full image; ship its smaller variant `{slim}` instead.',
    fullNeedsTools:
      '`{image}` is the full image; ship its smaller variant `{slim}`, after installing `{tool}` (which this image calls and the slim one lacks) or calling it in a build stage.',
  },
  check(ctx) {
    const { model } = ctx;
    const shipped = model.shippedStages;
    const root = shipped[shipped.length - 1];
    const slim = root?.imageInfo?.slimAlternative;
    if (!root || !slim || !root.image) return;
    // Images made to build in (base, builder, development, test images and dev containers) need the full toolchain.
    if (rolesOf(model, ctx.path, ctx.builders, ctx.root).image?.has('base', 'builder', 'devcontainer', 'development', 'test')) return;
    // Windows images (a PowerShell or cmd SHELL) have no slim variant: the `-slim` tags are built for Linux only.
    if (shipped.some((stage) => stage.instructions.some((i) => i.keyword === 'SHELL' && /\b(powershell|pwsh|cmd)(\.exe)?\b/i.test(i.argsText)))) return;
    const tool = root.imageInfo?.family === 'debian' ? undefined : missingSlimTool(shipped);
    const pinned = root.image.digest !== undefined;
    const edit = pinned ? undefined : rewriteFromImage(model, root, slim);
    const fixes: Fix[] = edit
      ? [{ title: `Use ${slim}`, preferred: tool === undefined, safe: false, edits: [{ range: model.lines.range(edit.start, edit.end), newText: edit.newText }] }]
      : [];
    ctx.report({
      messageId: tool === undefined ? 'full' : 'fullNeedsTools',
      // A digest pins the full image, so the slim one is named by its tag: its digest is for the user to look up.
      data: { image: root.baseText, slim: pinned ? slim.slice(0, slim.indexOf('@')) : slim, tool: tool ?? '' },
      range: root.baseRange,
      fixes,
    });
  },
};

/** A tool of the full image that the shipped stages call without installing it, if any. */
function missingSlimTool(stages: Stage[]): string | undefined {
  const installed = new Set<string>();
  let missing: string | undefined;
  for (const stage of [...stages].reverse()) {
    for (const instr of stage.instructions) {
      if (instr.keyword !== 'RUN') continue;
      for (const install of installCommands(instr)) {
        if (install.manager === 'apt' || install.manager === 'apk') for (const p of install.packages) installed.add(p.value);
      }
      for (const command of instr.commands) {
        const name = commandName(command)?.name;
        if (name === undefined || !FULL_ONLY_TOOLS.has(name)) continue;
        const packages = TOOL_PACKAGES[name] ?? [name];
        if (!packages.some((p) => installed.has(p))) missing ??= name;
      }
    }
  }
  return missing;
}
