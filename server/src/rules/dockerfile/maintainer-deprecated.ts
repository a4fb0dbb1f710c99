// BuildKit's MaintainerDeprecated: MAINTAINER is deprecated in favour of an OCI label.
import type { DockerfileRule } from '../types';

export const rule: DockerfileRule = {
  id: 'maintainer-deprecated',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { buildkit: ['MaintainerDeprecated'], hadolint: ['DL4000'] },
  fixable: true,
  docs: {
    summary: 'The deprecated `MAINTAINER` instruction.',
    rationale:
      '`MAINTAINER` sets the image\'s legacy `Author` field, which tools no longer read. The OCI label ' +
      '`org.opencontainers.image.authors` is where registries and scanners look for who maintains an image.',
    bad: 'FROM python:3.11-slim\nMAINTAINER ml-team@example.org',
    good: 'FROM python:3.11-slim\nLABEL org.opencontainers.image.authors="ml-team@example.org"',
    fixSafety: 'unsafe',
  },
  messages: {
    deprecated: 'MAINTAINER is deprecated; use `LABEL org.opencontainers.image.authors="…"` instead.',
  },
  check(ctx) {
    for (const instr of ctx.model.instructions) {
      if (instr.keyword !== 'MAINTAINER') continue;
      const author = instr.argsText.trim();
      const simple = author !== '' && !/["\\$\n]/.test(author);
      ctx.report({
        messageId: 'deprecated',
        range: instr.node.getInstructionRange(),
        // The image's Author field goes and a label comes: what reads the metadata sees a change, so the fix is unsafe.
        fixes: simple
          ? [{ title: 'Replace with an org.opencontainers.image.authors label', preferred: true, safe: false, edits: [{ range: instr.range, newText: `LABEL org.opencontainers.image.authors="${author}"` }] }]
          : [],
      });
    }
  },
};
