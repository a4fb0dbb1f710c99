// `build.target` must name a stage of the Dockerfile the service builds, or the build stops with
// "target stage could not be found".
import { closest } from '../../text';
import { span } from '../../compose/yaml';
import type { ComposeRule, Fix } from '../types';

/** The most stage names offered as fixes when none is close to the target. */
const MAX_FIXES = 5;

export const rule: ComposeRule = {
  id: 'build-target-unknown',
  kind: 'compose',
  severity: 'error',
  fixable: true,
  docs: {
    summary: '`build.target` names no stage of the Dockerfile the service builds.',
    rationale:
      'A multi-stage Dockerfile for a model server typically has a `builder` stage with compilers and a slim `runtime` stage; ' +
      '`target:` picks the one to build. When it names no stage (renamed, or misspelled), the build fails only once BuildKit ' +
      'reads the Dockerfile, after the other services have been built. DockML reads the Dockerfile the service builds ' +
      '(`context` and `dockerfile`, or `dockerfile_inline`) and compares stage names without case, as Docker does. ' +
      'The quick fix picks the closest stage name; every stage is offered when none is close.',
    bad:
      'services:\n  model-server:\n    build:\n      context: .\n      dockerfile_inline: |\n' +
      '        FROM python:3.11 AS builder\n        RUN pip wheel --wheel-dir /wheels torch==2.3.1\n' +
      '        FROM python:3.11-slim AS runtime\n        COPY --from=builder /wheels /wheels\n      target: runtme\n',
    good:
      'services:\n  model-server:\n    build:\n      context: .\n      dockerfile_inline: |\n' +
      '        FROM python:3.11 AS builder\n        RUN pip wheel --wheel-dir /wheels torch==2.3.1\n' +
      '        FROM python:3.11-slim AS runtime\n        COPY --from=builder /wheels /wheels\n      target: runtime\n',
    fixSafety: 'unsafe',
  },
  messages: {
    unknown: 'The Dockerfile of `{service}` has no stage `{target}`; its stages are {stages}.',
    typo: 'The Dockerfile of `{service}` has no stage `{target}`; did you mean `{suggestion}`?',
    noStages: 'The Dockerfile of `{service}` names no stages, so `target: {target}` cannot be built; name a stage with `FROM … AS {target}` or remove `target`.',
  },
  check(ctx) {
    const reported = new Set<string>();
    for (const service of ctx.model.services) {
      const build = ctx.build(service);
      const target = build?.target;
      const dockerfile = build?.dockerfile;
      if (!target || !dockerfile || !target.name || target.name.includes('$')) continue;
      const wanted = target.name.toLowerCase();
      if (dockerfile.stages.some((s) => s.name === wanted)) continue;
      // Stage names as written in the Dockerfile, for the message and the fix.
      const names = [
        ...new Set(
          dockerfile.stages.flatMap((s) =>
            s.name && s.nameRange ? [dockerfile.text.slice(dockerfile.lines.offsetAt(s.nameRange.start), dockerfile.lines.offsetAt(s.nameRange.end))] : [],
          ),
        ),
      ];
      const key = `${target.range.start.line}:${target.range.start.character} ${build.dockerfilePath ?? service.name}`;
      if (reported.has(key)) continue;
      reported.add(key);
      // A target inherited through a merge key is shared with other services: report it, but do not edit it for this one.
      const own = span(service.node);
      const offset = ctx.model.lines.offsetAt(target.range.start);
      const inherited = !own || offset < own[0] || offset >= own[1];
      const suggestion = closest(target.name, names);
      const data = { service: service.name, target: target.name, suggestion: suggestion ?? '', stages: names.map((n) => `\`${n}\``).join(', ') };
      if (names.length === 0) {
        ctx.report({ messageId: 'noStages', data, range: target.range });
        continue;
      }
      const choices = suggestion ? [suggestion, ...names.filter((n) => n !== suggestion)] : names;
      const fixes: Fix[] = inherited
        ? []
        : choices.slice(0, MAX_FIXES).map((name) => ({
            title: `Build stage \`${name}\``,
            preferred: name === suggestion,
            // Another stage builds another image.
            safe: false,
            edits: [{ range: target.range, newText: name }],
          }));
      ctx.report({ messageId: suggestion ? 'typo' : 'unknown', data, range: target.range, fixes });
    }
  },
};
