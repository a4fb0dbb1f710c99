// `COPY --from=x` and `RUN --mount=from=x` must name an earlier stage or an image; anything else fails the build.
import { stageReferences } from '../../dockerfile/model';
import { closest } from '../../text';
import type { DockerfileRule, Fix } from '../types';

/** Docker Hub official images that are commonly copied from by their bare name (`COPY --from=busybox`). */
const OFFICIAL_IMAGES = new Set([
  'alpine', 'almalinux', 'amazoncorretto', 'amazonlinux', 'bash', 'busybox', 'buildpack-deps', 'caddy', 'centos',
  'debian', 'docker', 'eclipse-temurin', 'fedora', 'gcc', 'golang', 'gradle', 'haproxy', 'httpd', 'julia',
  'mariadb', 'maven', 'memcached', 'mongo', 'mysql', 'nginx', 'node', 'openjdk', 'oraclelinux', 'perl', 'php',
  'postgres', 'pypy', 'python', 'r-base', 'rabbitmq', 'redis', 'registry', 'rockylinux', 'ruby', 'rust', 'scratch',
  'tomcat', 'traefik', 'ubuntu',
]);

export const rule: DockerfileRule = {
  id: 'copy-from-unknown-stage',
  kind: 'dockerfile',
  severity: 'error',
  aliases: { hadolint: ['DL3022'] },
  fixable: true,
  docs: {
    summary: '`COPY --from` (or `RUN --mount=from=`) naming no earlier stage and no image.',
    rationale:
      'A `--from` value is looked up among the stages defined above the instruction; a bare word that is not one of ' +
      'them is pulled from Docker Hub as an image, which fails with "pull access denied" after a slow build. ' +
      'Stages defined further down cannot be used either, and a numeric index counts stages from 0.',
    bad: 'FROM python:3.11 AS builder\nRUN pip wheel --wheel-dir /wheels torch\n\nFROM python:3.11-slim\nCOPY --from=biulder /wheels /wheels',
    good: 'FROM python:3.11 AS builder\nRUN pip wheel --wheel-dir /wheels torch\n\nFROM python:3.11-slim\nCOPY --from=builder /wheels /wheels',
    fixSafety: 'unsafe',
  },
  messages: {
    unknown: '`{name}` is neither an earlier stage nor an image; name a stage defined above, or write the image with its tag.',
    didYouMean: '`{name}` is not an earlier stage; did you mean `{suggestion}`?',
    later: 'Stage `{name}` is defined after this instruction; a stage can only use stages defined above it, so move it up.',
    index: 'Stage index {name} does not name an earlier stage; this instruction can use indexes 0 to {max}.',
    noEarlier: 'Stage index {name} does not name an earlier stage, and no stage is defined before this one.',
  },
  check(ctx) {
    const { model } = ctx;
    const { lines } = model;
    for (const stage of model.stages) {
      for (const instr of stage.instructions) {
        for (const ref of stageReferences(instr)) {
          const value = model.resolve(ref.value);
          if (!value || /[/:@.]/.test(value)) continue;
          const range = ref.range;
          if (/^\d+$/.test(value)) {
            if (Number(value) <= stage.index) continue;
            ctx.report(stage.index === 0
              ? { messageId: 'noEarlier', data: { name: value }, range }
              : { messageId: 'index', data: { name: value, max: stage.index - 1 }, range });
            continue;
          }
          const named = model.stageRef(value);
          if (named) {
            if (named.index > stage.index) ctx.report({ messageId: 'later', data: { name: value }, range });
            continue;
          }
          if (OFFICIAL_IMAGES.has(value)) continue;
          const earlier = model.stages
            .slice(0, stage.index)
            .flatMap((s) => (s.nameRange ? [model.text.slice(lines.offsetAt(s.nameRange.start), lines.offsetAt(s.nameRange.end))] : []));
          const suggestion = closest(value, earlier);
          if (!suggestion) {
            ctx.report({ messageId: 'unknown', data: { name: value }, range });
            continue;
          }
          // A value that came from a variable is fixed where the variable is declared, not here.
          const fixes: Fix[] = ref.value === value ? [{ title: `Use stage ${suggestion}`, preferred: true, safe: false, edits: [{ range, newText: suggestion }] }] : [];
          ctx.report({ messageId: 'didYouMean', data: { name: value, suggestion }, range, fixes });
        }
      }
    }
  },
};
