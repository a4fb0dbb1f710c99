// BuildKit's WorkdirRelativePath: a relative WORKDIR resolves against whatever directory the base image set.
import type { Stage } from '../../dockerfile/model';
import type { DockerfileRule } from '../types';

export const rule: DockerfileRule = {
  id: 'workdir-relative-path',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { buildkit: ['WorkdirRelativePath'] },
  fixable: false,
  docs: {
    summary: 'A relative `WORKDIR` in a stage that has not set an absolute one before.',
    rationale:
      'A relative `WORKDIR` is resolved against the working directory the base image leaves, which changes when the ' +
      'base image changes (a new `pytorch` or `cuda` tag), and with it where every later `COPY` and `RUN` acts.',
    bad: 'FROM python:3.11-slim\nWORKDIR app\nCOPY . .',
    good: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .',
  },
  messages: {
    relative: 'Relative workdir "{path}" can have unexpected results if the base image changes; use an absolute path.',
  },
  check(ctx) {
    const absolute = new Map<Stage, boolean>();
    for (const stage of ctx.model.stages) {
      let set = stage.parent ? (absolute.get(stage.parent) ?? false) : false;
      for (const instr of stage.instructions) {
        if (instr.keyword !== 'WORKDIR') continue;
        const path = instr.argsText.trim().replace(/^(["'])(.*)\1$/, '$2');
        if (path === '') continue;
        if (/^(\/|\$|[A-Za-z]:[\\/]|\\)/.test(path)) set = true;
        else if (!set && instr.argsRange) ctx.report({ messageId: 'relative', data: { path }, range: instr.argsRange });
      }
      absolute.set(stage, set);
    }
  },
};
