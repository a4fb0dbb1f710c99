// BuildKit's ExposeInvalidFormat: `EXPOSE 127.0.0.1:8080:80` or `EXPOSE 8080:80`, a publishing mapping where only a port belongs.
import type { DockerfileRule } from '../types';

export const rule: DockerfileRule = {
  id: 'expose-invalid-format',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { buildkit: ['ExposeInvalidFormat'] },
  fixable: true,
  docs: {
    summary: 'An `EXPOSE` with an IP address or a host port (`8080:80`).',
    rationale:
      '`EXPOSE` only documents which container port the image listens on; publishing it to a host address or port is ' +
      'decided by `docker run -p` or Compose `ports:`. Docker ignores the host part here, and a future release will ' +
      'reject it.',
    bad: 'FROM python:3.11-slim\nEXPOSE 0.0.0.0:8000:8000',
    good: 'FROM python:3.11-slim\nEXPOSE 8000',
    fixSafety: 'safe',
  },
  messages: {
    invalid: "EXPOSE instruction should not define an IP address or host-port mapping, found '{port}'.",
  },
  check(ctx) {
    for (const instr of ctx.model.instructions) {
      if (instr.keyword !== 'EXPOSE') continue;
      for (const arg of instr.args) {
        if (!arg.value.includes(':') || arg.value.includes('$')) continue;
        // Docker keeps the container port, the part after the last colon, so keeping only that changes nothing.
        const container = arg.value.slice(arg.value.lastIndexOf(':') + 1);
        ctx.report({
          messageId: 'invalid',
          data: { port: arg.value },
          range: arg.range,
          fixes: container ? [{ title: `Expose only '${container}'`, preferred: true, safe: true, edits: [{ range: arg.range, newText: container }] }] : [],
        });
      }
    }
  },
};
