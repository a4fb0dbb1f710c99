// `EXPOSE eighty` or `EXPOSE 8080/http`: Docker refuses a port that is not a number, or a protocol other than tcp, udp and sctp.
import type { DockerfileRule } from '../types';

const PORT = /^(?:(?:[0-9.]+|\[[0-9a-fA-F:]*\]):)?(?:[0-9]*:)?([0-9]+)(?:-([0-9]+))?(?:\/([A-Za-z]+))?$/;

export const rule: DockerfileRule = {
  id: 'invalid-expose',
  kind: 'dockerfile',
  severity: 'error',
  validity: true,
  fixable: false,
  docs: {
    summary: 'An `EXPOSE` port that is not a number or range in 0–65535, or a protocol other than tcp, udp or sctp.',
    rationale: 'Docker parses every exposed port when it builds the image configuration and fails the build on one it cannot read.',
    bad: 'FROM python:3.11-slim\nEXPOSE http',
    good: 'FROM python:3.11-slim\nEXPOSE 80',
  },
  messages: {
    port: 'Invalid port `{port}` in EXPOSE: write a number or range from 0 to 65535, with an optional /tcp, /udp or /sctp.',
    protocol: 'Invalid protocol in `{port}`: EXPOSE accepts tcp, udp or sctp.',
  },
  check(ctx) {
    for (const instr of ctx.model.instructions) {
      if (instr.keyword !== 'EXPOSE') continue;
      for (const arg of instr.args) {
        if (arg.value.includes('$')) continue;
        const match = PORT.exec(arg.value);
        const inRange = (value: string | undefined) => value === undefined || Number(value) <= 65535;
        if (!match || !inRange(match[1]) || !inRange(match[2]) || (match[2] !== undefined && Number(match[2]) < Number(match[1]))) {
          ctx.report({ messageId: 'port', data: { port: arg.value }, range: arg.range });
        } else if (match[3] && !['tcp', 'udp', 'sctp'].includes(match[3].toLowerCase())) {
          ctx.report({ messageId: 'protocol', data: { port: arg.value }, range: arg.range });
        }
      }
    }
  },
};
