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
      const { keyword } = instr;
      if (!NEEDS_ONE.has(keyword) && keyword !== 'COPY' && keyword !== 'ADD') continue;
      const range = instr.argsRange ?? instr.node.getInstructionRange();
      const report = (messageId: string, data: Record<string, string> = {}) => ctx.report({ messageId, data: { keyword, ...data }, range });
      // The argument text is cheap to get; the split arguments are asked for only where their number matters.
      const text = instr.argsText.trim();
      const oneWord = text !== '' && !/\s/.test(text);
      if (text === '') {
        if (NEEDS_ONE.has(keyword) || keyword === 'COPY' || keyword === 'ADD') report('atLeastOne');
      } else if ((keyword === 'COPY' || keyword === 'ADD') && oneWord && instr.heredocs.length === 0 && !instr.isJsonForm) {
        report('destination');
      } else if (keyword === 'FROM' && !fromValid(instr)) {
        report('from');
      } else if ((keyword === 'ENV' || keyword === 'LABEL') && oneWord && !text.includes('=')) {
        report('value', { name: text });
      } else if (keyword === 'HEALTHCHECK' && !healthcheckValid(instr)) {
        report('healthcheck');
      }
    }
  },
};

function fromValid(instr: Instr): boolean {
  const args = instr.args;
  return args.length === 1 || (args.length === 3 && args[1].value.toLowerCase() === 'as');
}

function healthcheckValid(instr: Instr): boolean {
  const args = instr.args;
  const first = args[0]?.value.toUpperCase();
  if (first === 'NONE') return args.length === 1;
  return first === 'CMD' && args.length > 1;
}
