// A fault during Compose Up on the throwaway engine: the engine stops while `up` waits for a health check. Compose
// ends with an error in its terminal, and once the engine is back the views show it within 2 s and the stack
// can be taken down.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { findOnPath } from '../../client/src/explorer/cli';
import { dockerCliEnv } from '../../client/src/explorer/containers/actions';
import { composeArgs, findCompose, runsQuietly } from '../../client/src/explorer/projects/lifecycle';
import { ensureImage, IMAGE, rawDocker, root, TEST_LABEL, testEngine, throwawaySkip } from './harness';

const compose = findCompose({ which: (name) => findOnPath(name), runs: runsQuietly });
const skip = throwawaySkip ?? ('error' in compose ? `no Compose to run: ${compose.error}` : undefined);

describe('the engine stopping during Compose Up', { skip }, () => {
  const dockerd = (command: 'start' | 'stop') =>
    execFileSync(path.join(root, 'scripts', 'dockerd.sh'), [command, process.env.DOCKML_DOCKERD_DIR!], { stdio: ['ignore', 'ignore', 'inherit'] });

  it('ends Compose with an error, and the stack can be taken down once the engine is back', async () => {
    const engine = testEngine();
    await ensureImage(rawDocker(engine));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dmlfault'));
    const file = path.join(dir, 'compose.yaml');
    // `api` waits for `slow` to be healthy, which it never is, so `up` is still running when the engine stops.
    fs.writeFileSync(
      file,
      [
        "version: '2.4'",
        'services:',
        '  slow:',
        `    image: ${IMAGE}`,
        '    command: ["sleep", "3600"]',
        `    labels: { ${TEST_LABEL}: "1" }`,
        '    healthcheck: { test: ["CMD", "false"], interval: 1s, retries: 600 }',
        '  api:',
        `    image: ${IMAGE}`,
        '    command: ["sleep", "3600"]',
        `    labels: { ${TEST_LABEL}: "1" }`,
        '    depends_on: { slow: { condition: service_healthy } }',
        '',
      ].join('\n'),
    );
    const tool = compose as Exclude<typeof compose, { error: string }>;
    const env = { ...process.env } as Record<string, string | undefined>;
    for (const [key, value] of Object.entries(dockerCliEnv(engine.endpoint))) env[key] = value ?? undefined;
    try {
      const up = spawn(tool.command, [...tool.prefix, ...composeArgs('up', { files: [file] })], { cwd: dir, env });
      let output = '';
      up.stdout.on('data', (chunk) => (output += chunk));
      up.stderr.on('data', (chunk) => (output += chunk));
      const exited = new Promise<number | null>((resolve) => up.on('exit', resolve));
      const deadline = Date.now() + 60_000;
      while (!(await engine.listContainers()).some((c) => c.Labels?.['com.docker.compose.service'] === 'slow' && c.State === 'running')) {
        assert.ok(Date.now() < deadline, 'the slow service starts');
        await new Promise((r) => setTimeout(r, 200));
      }
      dockerd('stop');
      const code = await exited;
      assert.notEqual(code, 0, `Compose fails when the engine goes away; it said: ${output}`);
      assert.ok(output.trim().length > 0, 'and says something in its terminal');
    } finally {
      dockerd('start');
      execFileSync(tool.command, [...tool.prefix, ...composeArgs('down', { files: [file] })], { cwd: dir, env, stdio: 'ignore', timeout: 120_000 });
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.ok(!(await engine.listContainers()).some((c) => c.Labels?.['com.docker.compose.service'] === 'slow'), 'down removed the stack after the restart');
  });
});
