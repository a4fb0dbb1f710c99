#!/usr/bin/env node
// Runs the extension-host smoke suite (smoke/index.js) in desktop VS Code through @vscode/test-electron, for
// machines that can download VS Code. The same suite runs inside code-server as part of run.mjs; this is the
// other host. Expects the extension built (`npm run build`); prints `N passed, N failed` last.
//
// Usage: node test/e2e/electron.mjs
//   DOCKML_VSCODE_VERSION  the VS Code to download: `stable` (default), `insiders` or a version such as 1.91.0
//   DOCKML_VSCODE_PATH     use this VS Code executable instead of downloading one
// On a Linux machine without a display, run it under `xvfb-run -a`.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_DIR, lintWithCli, makeWorkspace, ROOT, writeUserData } from './lib/fixtures.mjs';

const require = createRequire(join(E2E_DIR, 'package.json'));
let runTests;
try {
  ({ runTests } = require('@vscode/test-electron'));
} catch {
  console.error('electron: @vscode/test-electron is not installed: run `npm ci --ignore-scripts` in test/e2e (or scripts/e2e-setup.sh).');
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'dockml-electron-'));
const workspace = makeWorkspace(join(scratch, 'workspace'));
const expected = join(scratch, 'expected.json');
const results = join(scratch, 'results.json');
writeFileSync(expected, JSON.stringify({ workspace, findings: lintWithCli(workspace) }, null, 2));
const userData = join(scratch, 'user-data');
writeUserData(userData);

let code = 1;
try {
  code = await runTests({
    version: process.env.DOCKML_VSCODE_VERSION ?? 'stable',
    vscodeExecutablePath: process.env.DOCKML_VSCODE_PATH || undefined,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(E2E_DIR, 'smoke', 'index.js'),
    extensionTestsEnv: { DOCKML_SMOKE_EXPECTED: expected, DOCKML_SMOKE_RESULTS: results },
    launchArgs: [
      workspace,
      '--disable-extensions',
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--user-data-dir',
      userData,
      '--extensions-dir',
      join(scratch, 'extensions'),
    ],
  });
} catch (error) {
  console.error(`electron: ${error.message ?? error}`);
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|getaddrinfo|download/i.test(String(error.message ?? error))) {
    console.error('electron: VS Code could not be downloaded; this machine has no internet. The same suite runs in code-server: npm run test:e2e.');
  }
}

const ran = existsSync(results) ? JSON.parse(readFileSync(results, 'utf8')) : [];
const failed = ran.filter((r) => !r.ok).length;
rmSync(scratch, { recursive: true, force: true });
console.log(`${ran.length - failed} passed, ${failed + (ran.length === 0 ? 1 : 0)} failed`);
process.exit(code === 0 && failed === 0 && ran.length > 0 ? 0 : 1);
