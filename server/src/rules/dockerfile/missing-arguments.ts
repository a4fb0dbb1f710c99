// An instruction without the arguments Docker requires (`ARG`, `COPY app.py`, `FROM a b`): the build stops before it starts.
import type { Instr } from '../../dockerfile/model';
import type { DockerfileRule } from '../types';

/** Instructions that need at least one argument; CMD, ENTRYPOINT and RUN may be empty. */
const NEEDS_ONE = new Set(['ARG', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

export const rule: DockerfileRule = {
  id: 'missing-arguments',
  kind: 'dockerfile',
  severity: 'error',
  validity: true,
  fixable: false,
  docs: {
    summary: 'An instruction with missing or extra arguments: `ARG` alone, `COPY` without a destination, `FROM a b`, `ENV NAME` without a value.',
    rationale: 'Docker checks the arguments of every instruction before it builds anything, and refuses the whole file on one it cannot read.',
    bad: 'FROM python:3.11-slim\nCOPY requirements.txt\nENV PYTHONUNBUFFERED',
    good: 'FROM python:3.11-slim\nCOPY requirements.txt .\nENV PYTHONUNBUFFERED=1',
  },
  messages: {
    atLeastOne: '{keyword} requires at least one argument.',
    destination: '{keyword} requires at least two arguments: the source(s) and the destination.',
    from: 'FROM takes an image and optionally `AS <name>`: `FROM <image> [AS <name>]`.',
    value: '{keyword} `{name}` has no value; write `{name}=<value>`.',
    healthcheck: 'HEALTHCHECK takes `NONE` alone, or `CMD` followed by the command.',
  },
  check(ctx) {
    for (const instr of ctx.model.instructions) {
      const args = instr.args;
      const range = instr.argsRange ?? instr.node.getInstructionRange();
      const report = (messageId: string, data: Record<string, string> = {}) => ctx.report({ messageId, data: { keyword: instr.keyword, ...data }, range });
      if (args.length === 0 && NEEDS_ONE.has(instr.keyword)) {
        report('atLeastOne');
      } else if ((instr.keyword === 'COPY' || instr.keyword === 'ADD') && args.length < 2 && instr.heredocs.length === 0 && !instr.isJsonForm) {
        report('destination');
      } else if (instr.keyword === 'FROM' && args.length !== 1 && !(args.length === 3 && args[1].value.toLowerCase() === 'as')) {
        report('from');
      } else if ((instr.keyword === 'ENV' || instr.keyword === 'LABEL') && args.length === 1 && !args[0].value.includes('=')) {
        report('value', { name: args[0].value });
      } else if (instr.keyword === 'HEALTHCHECK' && !healthcheckValid(instr)) {
        report('healthcheck');
      }
    }
  },
};

function healthcheckValid(instr: Instr): boolean {
  const args = instr.args;
  const first = args[0]?.value.toUpperCase();
  if (first === 'NONE') return args.length === 1;
  return first === 'CMD' && args.length > 1;
}
