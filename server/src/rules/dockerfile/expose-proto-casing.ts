// BuildKit's ExposeProtoCasing: `EXPOSE 53/UDP`; the protocol of an exposed port is written in lower case.
import type { DockerfileRule } from '../types';

export const rule: DockerfileRule = {
  id: 'expose-proto-casing',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { buildkit: ['ExposeProtoCasing'] },
  fixable: true,
  docs: {
    summary: 'An `EXPOSE` protocol not in lower case (`8080/TCP`).',
    rationale: 'Docker lower-cases the protocol of an exposed port; writing it as Docker stores it keeps the file and `docker inspect` alike.',
    bad: 'FROM python:3.11-slim\nEXPOSE 8000/TCP',
    good: 'FROM python:3.11-slim\nEXPOSE 8000/tcp',
    fixSafety: 'safe',
  },
  messages: {
    casing: "Defined protocol '{port}' in EXPOSE instruction should be lowercase.",
  },
  check(ctx) {
    for (const instr of ctx.model.instructions) {
      if (instr.keyword !== 'EXPOSE') continue;
      for (const arg of instr.args) {
        const slash = arg.value.lastIndexOf('/');
        if (slash < 0 || arg.value.includes('$')) continue;
        const protocol = arg.value.slice(slash + 1);
        if (protocol === protocol.toLowerCase()) continue;
        const fixed = arg.value.slice(0, slash + 1) + protocol.toLowerCase();
        ctx.report({
          messageId: 'casing',
          data: { port: arg.value },
          range: arg.range,
          fixes: [{ title: `Write '${fixed}'`, preferred: true, safe: true, edits: [{ range: arg.range, newText: fixed }] }],
        });
      }
    }
  },
};
