// `dockml fix` (safe fixes only) on a copy of the real-world corpus: no base image, user or installed package set
// changes, no file is created or deleted, and every fixed file still parses. Skipped without ../shared/corpus.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ComposeModel } from '../../server/src/compose/model';
import { installCommands } from '../../server/src/dockerfile/commands';
import { DockerfileModel } from '../../server/src/dockerfile/model';
import { commandName } from '../../server/src/dockerfile/shell';
import { kindOfPath } from '../../server/src/analysis/documents';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const CORPUS = path.join(__dirname, '..', '..', '..', 'shared', 'corpus');

/** Package managers that `installCommands` does not model, found by their command name and `install` verb. */
const OTHER_MANAGERS = new Set(['dnf', 'yum', 'microdnf', 'tdnf']);
/** Install options that change where a download is cached, never what is installed. */
const CACHE_ONLY = new Set(['--no-cache-dir', '--no-cache']);

/** Every file under `dir`, relative to it. */
function listFiles(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** What a Dockerfile builds, as far as safe fixes must keep it: each stage's base, its USERs and its installs. */
function dockerfileFacts(text: string): unknown {
  const model = new DockerfileModel(text);
  return model.stages.map((stage) => ({
    from: `${stage.baseText} AS ${stage.name ?? stage.index}`,
    users: stage.instructions.filter((i) => i.keyword === 'USER').map((i) => i.argsText.trim()),
    // Merging RUNs moves installs between instructions, so the stage's installs are compared as a sorted list.
    installs: stage.instructions
      .flatMap((instr) => [
        ...installCommands(instr).map((install) => `${install.manager} ${install.verb.value} ${install.args.map((a) => a.value).filter((a) => !CACHE_ONLY.has(a)).join(' ')}`),
        ...instr.commands.flatMap((command) => {
          const named = commandName(command);
          return named && OTHER_MANAGERS.has(named.name) && named.args.some((a) => a.value === 'install') ? [`${named.name} ${named.args.map((a) => a.value).join(' ')}`] : [];
        }),
      ])
      .sort(),
  }));
}

/** What a Compose file runs, as far as safe fixes must keep it: its services, their images and users. */
function composeFacts(text: string): unknown {
  const model = new ComposeModel(text);
  return model.services.map((service) => ({ name: service.name, image: model.getText(service, 'image'), user: model.getText(service, 'user') }));
}

describe('dockml fix on the real-world corpus', () => {
  it('changes no base image, user, installed package set or Compose service; creates and deletes no file', { skip: !fs.existsSync(CORPUS) && 'no ../shared/corpus here' }, () => {
    assert.ok(fs.existsSync(CLI), 'dist/cli.js is built (npm run build)');
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-corpus-fix-'));
    try {
      fs.cpSync(CORPUS, copy, { recursive: true });
      const files = listFiles(copy);
      const before = new Map(files.map((f) => [f, fs.readFileSync(path.join(copy, f), 'utf8')]));
      const result = spawnSync(process.execPath, [CLI, 'fix', '--fail-on', 'never', '.'], { cwd: copy, encoding: 'utf8', timeout: 300_000 });
      assert.equal(result.status, 0, result.stderr);
      assert.match(result.stdout, /^Fixed \d+ problems?\./);
      assert.deepEqual(listFiles(copy), files, 'no file created or deleted');

      let changed = 0;
      for (const file of files) {
        const kind = kindOfPath(path.basename(file));
        const old = before.get(file)!;
        const now = fs.readFileSync(path.join(copy, file), 'utf8');
        if (now === old) continue;
        changed++;
        assert.ok(kind, `${file} is not a Dockerfile or Compose file, yet dockml fix changed it`);
        if (kind === 'dockerfile') {
          assert.deepEqual(dockerfileFacts(now), dockerfileFacts(old), `${file}: bases, users and installs unchanged`);
        } else {
          assert.deepEqual(new ComposeModel(now).syntaxErrors.length, new ComposeModel(old).syntaxErrors.length, `${file} still parses`);
          assert.deepEqual(composeFacts(now), composeFacts(old), `${file}: services, images and users unchanged`);
        }
      }
      assert.ok(changed > 10, `dockml fix still fixes something on the corpus (${changed} files changed)`);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
