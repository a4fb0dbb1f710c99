// Deleting in a RUN what an earlier COPY, ADD or download put in the image hides the files but keeps their bytes.
import type { Instr } from '../../dockerfile/model';
import { commandName, ShellCommand, Word } from '../../dockerfile/shell';
import { within } from '../../dockerfile/split';
import { environmentAt } from '../caches';
import { Copied, resolvePath, stageChain, trackCopies } from '../paths';
import type { DockerfileRule } from '../types';

/** Small text files whose removal is tidiness, not size: not reported. */
const SMALL = /\.(txt|md|sh|bash|py|json|ya?ml|toml|cfg|conf|ini|lock|env|properties|xml|j2|sql|pem|crt|key)$/i;

export const rule: DockerfileRule = {
  id: 'deleted-in-later-layer',
  kind: 'dockerfile',
  severity: 'warning',
  fixable: false,
  docs: {
    summary: 'An `rm` in a RUN of the shipped image that deletes what an earlier COPY, ADD or download in another layer added.',
    rationale:
      'Each instruction adds a layer on top of the previous ones, and a deletion only hides files in the layers below: ' +
      'an installer, a wheel folder, a source tree or a checkpoint copied in one instruction and removed in the next is ' +
      'still pulled with the image, at full size. Use what you need where it is mounted instead of copying it ' +
      '(`RUN --mount=type=bind,source=wheels,target=/wheels pip install /wheels/*.whl`), download and delete in the same ' +
      'RUN, or do the work in a builder stage and copy out only the result. Small text files (scripts, requirements, ' +
      'configuration) are not reported.',
    bad: 'FROM python:3.11-slim\nCOPY wheels/ /tmp/wheels/\nRUN pip install --no-cache-dir /tmp/wheels/*.whl\nRUN rm -rf /tmp/wheels',
    good: 'FROM python:3.11-slim\nRUN --mount=type=bind,source=wheels,target=/tmp/wheels \\\n    pip install --no-cache-dir /tmp/wheels/*.whl',
  },
  messages: {
    copied: '`rm` hides `{path}`, which the {keyword} on line {line} added in an earlier layer, but its bytes stay in the image; {advice}',
    downloaded: '`rm` hides `{path}`, which line {line} downloaded in an earlier layer, but its bytes stay in the image; download and delete it in the same RUN, or use a builder stage.',
  },
  check(ctx) {
    const { lines } = ctx.model;
    for (const stage of ctx.model.shippedStages) {
      let workdir: string | undefined;
      const copies: Copied[] = [];
      const downloads: { instr: Instr; target: string }[] = [];
      const chain = stageChain(stage);
      for (const current of chain) {
        for (const instr of current.instructions) {
          if (instr.keyword === 'RUN') {
            const env = environmentAt(instr);
            if (current === stage) {
              for (const command of instr.commands) {
                const rm = removed(command);
                for (const word of rm?.paths ?? []) {
                  const path = resolvePath(word.value, workdir, env);
                  if (!path || path === '/') continue;
                  const copy = copies.find((c) => c.instr !== instr && within(c.target, path) && !SMALL.test(c.target));
                  const download = downloads.find((d) => d.instr !== instr && within(d.target, path));
                  if (!copy && !download) continue;
                  const range = lines.range(rm!.tool.start, word.end);
                  if (copy) {
                    const advice = copy.instr.keyword === 'COPY' ? 'mount it for the RUN that needs it (`RUN --mount=type=bind`) instead of copying it, or use a builder stage.' : 'download and delete it in the same RUN, or use a builder stage.';
                    ctx.report({ messageId: 'copied', data: { path, keyword: copy.instr.keyword, line: copy.instr.range.start.line + 1, advice }, range });
                  } else {
                    ctx.report({ messageId: 'downloaded', data: { path, line: download!.instr.range.start.line + 1 }, range });
                  }
                  break;
                }
              }
            }
            for (const command of instr.commands) for (const target of downloadTargets(command)) {
              const path = resolvePath(target, workdir, env);
              if (path && path !== '/') downloads.push({ instr, target: path });
            }
          }
          workdir = trackCopies(instr, workdir, copies);
        }
      }
    }
  },
};

/** The `rm` word of a command and the paths it deletes, or undefined for another command. */
function removed(command: ShellCommand): { tool: Word; paths: Word[] } | undefined {
  const named = commandName(command);
  if (!named || named.name !== 'rm') return undefined;
  return { tool: command.words[command.words.length - named.args.length - 1], paths: named.args.filter((w) => !w.value.startsWith('-')) };
}

/** What a command writes from the network: `curl -o FILE`, `wget -O FILE`, `git clone URL DIR`. */
function downloadTargets(command: ShellCommand): string[] {
  const named = commandName(command);
  if (!named) return [];
  const args = named.args;
  const after = (...flags: string[]) => args.flatMap((w, i) => (flags.includes(w.value) && args[i + 1] ? [args[i + 1].value] : []));
  if (named.name === 'curl') return after('-o', '--output');
  if (named.name === 'wget') return after('-O', '--output-document').filter((t) => t !== '-');
  if (named.name === 'git' && args[0]?.value === 'clone') {
    const positional = args.slice(1).filter((w, i, all) => !w.value.startsWith('-') && !['-b', '--branch', '--depth', '-c', '--config'].includes(all[i - 1]?.value ?? ''));
    if (positional.length >= 2) return [positional[1].value];
    if (positional.length === 1) return [positional[0].value.replace(/\/+$/, '').split('/').pop()!.replace(/\.git$/, '')];
  }
  return [];
}
