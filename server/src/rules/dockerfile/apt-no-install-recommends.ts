// apt-get installs "recommended" packages by default, which often doubles an image's size for nothing.
import { hasFlag, installCommands } from '../../dockerfile/commands';
import { rolesOf } from '../../dockerfile/roles';
import type { DockerfileRule } from '../types';

/** An apt keyring package by name (`cuda-keyring`, `kitware-archive-keyring=…`) or as a downloaded `.deb` file. */
const KEYRING = /(^|\/)[\w.+-]*-keyring(?:[_.=][^/]*)?$/;

export const rule: DockerfileRule = {
  id: 'apt-no-install-recommends',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { hadolint: ['DL3015'] },
  fixable: true,
  docs: {
    summary: '`apt-get install` without `--no-install-recommends`.',
    rationale:
      'By default apt also installs every package that the requested ones "recommend": documentation, X11 libraries, ' +
      'extra compilers. In ML images this routinely adds hundreds of megabytes that nothing uses, to every pull of the image. ' +
      'Stages that never ship (only copied from, see [roles](../roles.md)) are left alone, and so are installs of apt keyring ' +
      'packages alone (`cuda-keyring`, a downloaded `…-keyring_….deb`), which recommend nothing.',
    bad: 'RUN apt-get update && apt-get install -y libgomp1 && rm -rf /var/lib/apt/lists/*',
    good: 'RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 && rm -rf /var/lib/apt/lists/*',
    fixSafety: 'unsafe',
  },
  messages: {
    missing: '`{tool} install` also installs recommended packages; add `--no-install-recommends`.',
  },
  check(ctx) {
    const { lines } = ctx.model;
    const roles = rolesOf(ctx.model, ctx.path, ctx.builders, ctx.root);
    for (const instr of ctx.model.instructions) {
      // Recommended packages in a stage that never ships cost build time only, and a build may rely on them.
      if (instr.stage && roles.stage(instr.stage).neverShips) continue;
      for (const install of installCommands(instr)) {
        if (install.manager !== 'apt') continue;
        // A keyring package only installs a repository's signing key and recommends nothing: the flag would change nothing.
        if (install.packages.length > 0 && install.packages.every((p) => KEYRING.test(p.value))) continue;
        if (hasFlag(install.command.words, '--no-install-recommends') || install.command.words.some((w) => /APT::Install-Recommends=(false|0)/i.test(w.value))) continue;
        const at = lines.positionAt(install.verb.end);
        ctx.report({
          messageId: 'missing',
          data: { tool: install.tool.value },
          range: lines.range(install.tool.start, install.verb.end),
          fixes: [{ title: 'Add --no-install-recommends', preferred: true, safe: false, edits: [{ range: { start: at, end: at }, newText: ' --no-install-recommends' }] }],
        });
      }
    }
  },
};
