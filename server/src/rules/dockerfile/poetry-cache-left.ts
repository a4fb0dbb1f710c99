// `poetry install` keeps every wheel it downloads in its cache folder, which ships unless the RUN removes it.
import { installCommands } from '../../dockerfile/commands';
import { hasScratchMount } from '../../dockerfile/layers';
import type { Instr } from '../../dockerfile/model';
import { commandName, ShellCommand } from '../../dockerfile/shell';
import { appendCommand, environmentAt, lastClearing, normalisePath, removedPaths } from '../caches';
import { stageChain } from '../paths';
import type { DockerfileRule } from '../types';

export const rule: DockerfileRule = {
  id: 'poetry-cache-left',
  kind: 'dockerfile',
  severity: 'warning',
  fixable: true,
  docs: {
    summary: '`poetry install` in the shipped image without deleting its cache (`artifacts` and `cache`) in the same RUN or a cache mount.',
    rationale:
      "Poetry keeps every wheel and source archive it downloads in `artifacts/` under its cache folder (`~/.cache/pypoetry`, " +
      'or `POETRY_CACHE_DIR`), and the package metadata in `cache/`; for an ML project that is the size of torch and its ' +
      'CUDA libraries again. `--no-cache` does not help: it turns off only the metadata cache, and the wheels are still ' +
      'written to `artifacts/`. Delete both folders at the end of the same RUN (not the whole cache folder, which holds ' +
      "Poetry's virtual environments unless they are created in the project), or mount a build cache on the cache folder.",
    bad: 'FROM python:3.11-slim\nRUN pip install --no-cache-dir poetry==1.8.3\nCOPY pyproject.toml poetry.lock ./\nRUN poetry install --only main',
    good:
      'FROM python:3.11-slim\nRUN pip install --no-cache-dir poetry==1.8.3\nCOPY pyproject.toml poetry.lock ./\n' +
      'RUN poetry install --only main && rm -rf /root/.cache/pypoetry/artifacts /root/.cache/pypoetry/cache',
    fixSafety: 'safe',
  },
  messages: {
    missing: '`poetry install` leaves the wheels it downloaded in `{dir}/artifacts`; end the same RUN with `rm -rf {dir}/artifacts {dir}/cache`, or mount a build cache on `{dir}`.',
  },
  check(ctx) {
    const { lines } = ctx.model;
    for (const stage of ctx.model.shippedStages) {
      for (const instr of stage.instructions) {
        const installs = installCommands(instr).filter((i) => i.manager === 'poetry');
        if (installs.length === 0) continue;
        const env = environmentAt(instr);
        const dir = env.has('POETRY_CACHE_DIR') ? normalisePath(env.get('POETRY_CACHE_DIR')!, env) : `${normalisePath('~', env)}/.cache/pypoetry`;
        const parents = [dir, `${dir}/artifacts`, dir.replace(/\/pypoetry$/, '')];
        if (hasScratchMount(instr, (t) => parents.includes(normalisePath(t, env)))) continue;
        const clears = (command: ShellCommand) => {
          const named = commandName(command);
          if (named?.name === 'poetry' && named.args.some((w) => w.value === 'cache') && named.args.some((w) => w.value === '--all')) return true;
          return removedPaths(command, env).some((p) => parents.includes(p));
        };
        const cleared = lastClearing(instr, clears);
        const install = installs.find((i) => i.command.end > cleared);
        if (!install) continue;
        // The home folder of another user is not known: the fix is offered only for root or an explicit cache folder.
        const known = env.has('POETRY_CACHE_DIR') || !stageHasUser(instr);
        const edit = known && !dir.includes('$') ? appendCommand(instr, `rm -rf ${dir}/artifacts ${dir}/cache`) : undefined;
        ctx.report({
          messageId: 'missing',
          data: { dir },
          range: lines.range(install.tool.start, install.verb.end),
          fixes: edit ? [{ title: "Delete Poetry's download cache at the end of the RUN", preferred: true, safe: true, edits: [edit] }] : [],
        });
      }
    }
  },
};

/** True when a USER instruction before the RUN, in its stage or those it is built on, may have changed the home folder. */
function stageHasUser(instr: Instr): boolean {
  return !!instr.stage && stageChain(instr.stage).some((s) => s.instructions.slice(0, s === instr.stage ? s.instructions.indexOf(instr) : undefined).some((i) => i.keyword === 'USER'));
}
