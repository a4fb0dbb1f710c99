// End-to-end scenarios for the Containers view, the Compose lifecycle, the Docker context and building from the
// editor: the packaged extension in code-server, driven through its UI, against the throwaway engine run.mjs
// provides. Images come from Debian's static busybox (scripts/busybox-image.sh), so nothing needs a registry; the
// Compose stack and the Dockerfile are small files written into the workspace here (the examples' own compose.yaml
// needs images from registries). Expected values come from the engine (the docker CLI) and the files written here.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { docker } from './lib/engine.mjs';
import { contributedViews, ROOT, runEnv } from './lib/fixtures.mjs';
import { run } from './lib/processes.mjs';
import {
  chooseFromContextMenu,
  clickCodeLens,
  codeLensesAbove,
  dialogButtons,
  editorLines,
  expandPane,
  explorerNames,
  launchBrowser,
  modalDialog,
  openViewContainer,
  openWorkbench,
  paneDescription,
  pressDialogButton,
  quickOpen,
  quickPickRows,
  resizeSidebar,
  runFromPalette,
  screenshotOfPart,
  screenshotStep,
  terminalRows,
  treeLabels,
  treeRow,
  treeRowDescription,
  viewPane,
  VIEWPORT,
  waitUntil,
} from './lib/workbench.mjs';

const BASE_URL = runEnv('DOCKML_E2E_URL');
const WORKSPACE = runEnv('DOCKML_E2E_WORKSPACE');
const ENGINE = JSON.parse(runEnv('DOCKML_E2E_ENGINE'));
const LIMIT = { timeout: 240_000 };
const IMAGE = 'dockml/busybox:test';
/** A container that prints a numbered line every half second and ends at once on SIGTERM. */
const TICKER = "trap 'exit 0' TERM; i=0; while true; do i=$((i+1)); echo tick-$i; sleep 0.5; done";
// On an engine this run did not start, a suffix keeps this file's containers apart from others'.
const SUFFIX = ENGINE.owned ? '' : `-${process.pid}`;
const WORKER = `trainer${SUFFIX}`;
/** A container that ran to its end, so the Containers view's screenshot shows a stopped one beside running ones. */
const FINISHED = `preprocess${SUFFIX}`;
/** The Compose stack this file writes: its folder names the project (Compose v1 and v2 agree on `stack`). */
const STACK_DIR = 'stack';
const STACK_SERVICES = ['api', 'worker'];
const BUILD_DIR = 'build-demo';
/** The RUN line of the Dockerfile built here writes this many bytes, so its layer has a size worth showing. */
const BLOB_BYTES = 5_000_000;

const views = contributedViews();
const containersView = views.get('dockml.containers');
const skip = ENGINE.error ? `no Docker engine: ${ENGINE.error}` : containersView ? false : 'package.json contributes no dockml.containers view';

let browser;
let page;

/** The engine's view of a container: {state, status, id}, or undefined when it does not exist. */
function engineContainer(name) {
  const out = docker(ENGINE, 'ps', '-a', '--filter', `name=^/${name}$`, '--format', '{{.State}}\t{{.Status}}\t{{.ID}}');
  if (!out) return undefined;
  const [state, status, id] = out.split('\t');
  return { state, status, id };
}

/** The part of the engine's status that does not age: "Up", "Exited (0)", "Created"… */
function statusHead(status) {
  return /^(Up|Exited \(\d+\)|Created|Restarting|Removal In Progress|Dead)/.exec(status ?? '')?.[1];
}

/** The containers of a Compose project, by name, as the engine lists them. */
function projectContainers(name) {
  return docker(ENGINE, 'ps', '-a', '--filter', `label=com.docker.compose.project=${name}`, '--format', '{{.Names}}').split('\n').filter(Boolean).sort();
}

function step(name, body, options) {
  return screenshotStep(page, name, body, options);
}

const containersPane = () => viewPane(page, containersView.view.name);

/** Waits until the Containers view shows `name` with a description whose status part is the engine's. */
async function waitForRowStatus(name, wantState) {
  let seen;
  let engine;
  await waitUntil(
    async () => {
      engine = engineContainer(name);
      seen = await treeRowDescription(containersPane(), name);
      return engine?.state === wantState && seen !== undefined && statusHead(seen.split(' · ')[0]) === statusHead(engine.status);
    },
    { timeoutMs: 60_000, describe: () => `the view shows ${name} as ${JSON.stringify(seen)}; the engine says ${JSON.stringify(engine)}` },
  );
}

before(async () => {
  if (ENGINE.error) return;
  run('bash', [join(ROOT, 'scripts', 'busybox-image.sh'), IMAGE], { env: { ...process.env, DOCKER_HOST: ENGINE.dockerHost }, timeout: 120_000 });
  mkdirSync(join(WORKSPACE, STACK_DIR), { recursive: true });
  // Compose would read `$` as the start of a variable: `$$` is a literal one.
  const command = JSON.stringify(['sh', '-c', TICKER.replace(/\$/g, '$$$$')]);
  writeFileSync(
    join(WORKSPACE, STACK_DIR, 'compose.yaml'),
    `# A stack on the local busybox image, for the end-to-end Compose scenario.\nservices:\n${STACK_SERVICES.map((s) => `  ${s}:\n    image: ${IMAGE}\n    command: ${command}\n`).join('')}`,
  );
  mkdirSync(join(WORKSPACE, BUILD_DIR), { recursive: true });
  writeFileSync(join(WORKSPACE, BUILD_DIR, 'labels.txt'), 'cat\ndog\n');
  writeFileSync(
    join(WORKSPACE, BUILD_DIR, 'Dockerfile'),
    `FROM ${IMAGE}\nCOPY labels.txt /data/labels.txt\nRUN head -c ${BLOB_BYTES} /dev/zero > /data/weights.bin\nCMD ["cat", "/data/labels.txt"]\n`,
  );
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: VIEWPORT });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await openWorkbench(page, BASE_URL, WORKSPACE);
  await waitUntil(async () => (await explorerNames(page)).includes(STACK_DIR), {
    timeoutMs: 60_000,
    describe: async () => `the file explorer shows ${JSON.stringify(await explorerNames(page))}`,
  });
});

after(async () => {
  await browser?.close();
  if (ENGINE.error) return;
  // Leave the engine as it was found: the containers this file made, whatever state a failure left them in.
  for (const name of [WORKER, FINISHED, ...projectContainers(STACK_DIR)]) {
    try {
      docker(ENGINE, 'rm', '-f', name);
    } catch {
      // Already gone.
    }
  }
  const built = docker(ENGINE, 'images', '--quiet', '--filter', `label=dockml.dockerfile=${join(WORKSPACE, BUILD_DIR, 'Dockerfile')}`).split('\n').filter(Boolean);
  if (built.length > 0) docker(ENGINE, 'image', 'rm', '--force', ...new Set(built));
});

describe('the Containers view against a real Docker engine', { skip }, () => {
  it('lists a container started outside VS Code, and its state when it stops, without a refresh', LIMIT, () =>
    step('20-containers-live', async () => {
      await openViewContainer(page, containersView.container.title);
      await resizeSidebar(page, 560);
      const pane = containersPane();
      await pane.waitFor({ state: 'visible' });
      await expandPane(pane);
      docker(ENGINE, 'run', '-d', '--name', WORKER, IMAGE, 'sh', '-c', TICKER);
      await waitForRowStatus(WORKER, 'running');
      docker(ENGINE, 'stop', WORKER);
      await waitForRowStatus(WORKER, 'exited');
    }));

  it('starts a container from its context menu', LIMIT, () =>
    step('21-container-started', async () => {
      await chooseFromContextMenu(page, treeRow(containersPane(), WORKER), 'Start');
      await waitForRowStatus(WORKER, 'running');
    }));

  it('streams the log of a container into a terminal', LIMIT, () =>
    step('22-container-logs', async () => {
      await chooseFromContextMenu(page, treeRow(containersPane(), WORKER), 'Show Logs');
      const ticks = (rows) => rows.flatMap((row) => [.../\btick-(\d+)\b/.exec(row) ?? []].slice(1).map(Number));
      await waitUntil(async () => ticks(await terminalRows(page)).length > 0, {
        describe: async () => `the terminal shows ${JSON.stringify(await terminalRows(page))}`,
      });
      // A line the container prints after the terminal showed the log: numbered above anything it has printed yet.
      const printed = ticks(docker(ENGINE, 'logs', WORKER).split('\n'));
      const later = printed.at(-1) + 2;
      await waitUntil(async () => ticks(await terminalRows(page)).some((n) => n >= later), {
        describe: async () => `the terminal does not show tick-${later}: ${JSON.stringify((await terminalRows(page)).slice(-5))}`,
      });
    }));

  it('opens a shell in a container and runs a command typed in it', LIMIT, () =>
    step('23-container-shell', async () => {
      await chooseFromContextMenu(page, treeRow(containersPane(), WORKER), 'Open Shell');
      // The shell's prompt shows in a terminal of its own; the log terminal's rows never hold one.
      await waitUntil(async () => (await terminalRows(page)).some((row) => /[#$] ?$/.test(row)), {
        describe: async () => `no shell prompt in the terminal: ${JSON.stringify(await terminalRows(page))}`,
      });
      await page.locator('.terminal-wrapper.active .xterm').first().click();
      const a = 6 + Math.floor(Math.random() * 90);
      const b = 7 + Math.floor(Math.random() * 90);
      await page.keyboard.type(`echo dockml-$((${a}*${b})); hostname`);
      await page.keyboard.press('Enter');
      // The typed line holds neither the product nor the hostname: only the shell's output does.
      const hostname = docker(ENGINE, 'inspect', '--format', '{{.Config.Hostname}}', WORKER);
      await waitUntil(
        async () => {
          const rows = (await terminalRows(page)).map((row) => row.trim());
          return rows.includes(`dockml-${a * b}`) && rows.includes(hostname);
        },
        { describe: async () => `the terminal does not show dockml-${a * b} and ${hostname}: ${JSON.stringify(await terminalRows(page))}` },
      );
      await screenshotOfPart(page.locator('.part.panel'), 'container-shell');
    }));

  it('stops a container from its context menu', LIMIT, () =>
    step('24-container-stopped', async () => {
      await chooseFromContextMenu(page, treeRow(containersPane(), WORKER), 'Stop');
      await waitForRowStatus(WORKER, 'exited');
    }));

  it('removes a container only after a confirmation that names it', LIMIT, async () => {
    await step('25-container-remove-confirm', async () => {
      await chooseFromContextMenu(page, treeRow(containersPane(), WORKER), 'Remove Container…');
      await modalDialog(page).waitFor({ state: 'visible' });
      const text = await modalDialog(page).innerText();
      assert.ok(text.includes(WORKER), `the confirmation does not name ${WORKER}: ${JSON.stringify(text)}`);
      assert.ok((await dialogButtons(page)).includes('Cancel'), `the confirmation offers ${JSON.stringify(await dialogButtons(page))}`);
    });
    await step('26-container-remove-cancelled', async () => {
      await pressDialogButton(page, 'Cancel');
      // Cancelling removes nothing: the engine still has it, and the view still lists it.
      assert.ok(engineContainer(WORKER), `${WORKER} is gone from the engine after Cancel`);
      assert.ok((await treeLabels(containersPane())).includes(WORKER), `${WORKER} is gone from the view after Cancel`);
    }, { continues: true });
    await step('27-container-removed', async () => {
      await chooseFromContextMenu(page, treeRow(containersPane(), WORKER), 'Remove Container…');
      await modalDialog(page).waitFor({ state: 'visible' });
      const buttons = (await dialogButtons(page)).filter((b) => b !== 'Cancel');
      assert.equal(buttons.length, 1, `the confirmation of a container without anonymous volumes offers ${JSON.stringify(buttons)}`);
      await pressDialogButton(page, buttons[0]);
      await waitUntil(async () => !engineContainer(WORKER) && !(await treeLabels(containersPane())).includes(WORKER), {
        describe: async () => `${WORKER}: engine ${JSON.stringify(engineContainer(WORKER))}, view ${JSON.stringify(await treeLabels(containersPane()))}`,
      });
    });
  });

  it('shows the engine it reads and the Docker contexts to switch to', LIMIT, () =>
    step('28-docker-context', async () => {
      const api = docker(ENGINE, 'version', '--format', '{{.Server.APIVersion}}');
      let header = '';
      await waitUntil(
        async () => {
          header = await paneDescription(containersPane());
          return header.includes(ENGINE.dockerHost) && header.includes('DOCKER_HOST') && header.includes(`API ${api}`);
        },
        { describe: () => `the Containers view's title shows ${JSON.stringify(header)}, not ${ENGINE.dockerHost} (DOCKER_HOST) with API ${api}` },
      );
      const context = `gpu-box${SUFFIX}`;
      const host = 'tcp://gpu-box.internal:2375';
      // The docker CLI writes the context under DOCKER_CONFIG, the folder run.mjs gave code-server too.
      run('docker', ['context', 'create', context, '--description', 'The team GPU server', '--docker', `host=${host}`]);
      try {
        await runFromPalette(page, 'DockML: Switch Docker Context…');
        let rows = [];
        await waitUntil(
          async () => {
            rows = await quickPickRows(page);
            return rows.some((r) => r.label === 'default' && r.checked) && rows.some((r) => r.label === context && r.description === host && !r.checked);
          },
          { describe: () => `the context quick pick lists ${JSON.stringify(rows)}` },
        );
      } finally {
        // The quick pick stays open for the screenshot; the next scenario closes it.
        run('docker', ['context', 'rm', '--force', context]);
      }
    }));
});

describe('Compose up and down from the Compose file', { skip }, () => {
  it('brings the stack up from the code lens, and its containers appear', LIMIT, () =>
    step('30-compose-up', async () => {
      await quickOpen(page, `${STACK_DIR}/compose.yaml`);
      await clickCodeLens(page, 'Up');
      let names = [];
      await waitUntil(
        async () => {
          names = projectContainers(STACK_DIR);
          const labels = await treeLabels(containersPane());
          return names.length === STACK_SERVICES.length && names.every((n) => labels.includes(n) && engineContainer(n)?.state === 'running');
        },
        { timeoutMs: 120_000, describe: async () => `the engine has ${JSON.stringify(names)}; the view shows ${JSON.stringify(await treeLabels(containersPane()))}` },
      );
      for (const name of names) await waitForRowStatus(name, 'running');
      // A container that ends by itself: the engine sends its `die` before it lists it as exited, and nothing after.
      docker(ENGINE, 'run', '--name', FINISHED, IMAGE, 'sh', '-c', 'echo tokenized');
      await waitForRowStatus(FINISHED, 'exited');
      await screenshotOfPart(containersPane(), 'containers-view', { maxHeight: 110 });
    }));

  it('takes the stack down after a confirmation naming its containers, and they go', LIMIT, () =>
    step('31-compose-down', async () => {
      const names = projectContainers(STACK_DIR);
      assert.equal(names.length, STACK_SERVICES.length, `the engine has ${JSON.stringify(names)} for project ${STACK_DIR}`);
      await clickCodeLens(page, 'Down');
      await modalDialog(page).waitFor({ state: 'visible' });
      const text = await modalDialog(page).innerText();
      for (const name of names) assert.ok(text.includes(name), `the confirmation does not name ${name}: ${JSON.stringify(text)}`);
      // One button takes the stack down and keeps its volumes; the other also deletes them.
      const buttons = await dialogButtons(page);
      const down = buttons.filter((b) => b !== 'Cancel' && !/volume/i.test(b));
      assert.equal(down.length, 1, `the confirmation offers ${JSON.stringify(buttons)}`);
      await pressDialogButton(page, down[0]);
      await waitUntil(
        async () => {
          const labels = await treeLabels(containersPane());
          return projectContainers(STACK_DIR).length === 0 && names.every((n) => !labels.includes(n));
        },
        { timeoutMs: 120_000, describe: async () => `the engine has ${JSON.stringify(projectContainers(STACK_DIR))}; the view shows ${JSON.stringify(await treeLabels(containersPane()))}` },
      );
    }));
});

describe('building from the editor', { skip }, () => {
  const dockerfile = `${BUILD_DIR}/Dockerfile`;

  /** The text the editor renders after an instruction on `line` (1-based): the inlay hint. */
  const hintOn = async (line, instruction) => {
    const shown = (await editorLines(page)).find((l) => l.line === line)?.text ?? '';
    return shown.startsWith(instruction) ? shown.slice(instruction.length).trim() : '';
  };

  /** The layers of the image built from the Dockerfile, newest first: [{bytes, createdBy}], from the engine's history. */
  const layers = () => {
    const image = docker(ENGINE, 'images', '--filter', `label=dockml.dockerfile=${join(WORKSPACE, dockerfile)}`, '--format', '{{.ID}}').split('\n')[0];
    assert.ok(image, `no image labelled dockml.dockerfile=${join(WORKSPACE, dockerfile)}`);
    return docker(ENGINE, 'history', '--no-trunc', '--human=false', '--format', '{{.Size}}\t{{.CreatedBy}}', image)
      .split('\n')
      .map((row) => ({ bytes: Number(row.split('\t')[0]), createdBy: row.split('\t').slice(1).join('\t') }));
  };

  /** The size of the layer the RUN line made, in bytes. */
  const runLayerBytes = () => {
    const row = layers().find((l) => l.createdBy.includes(`head -c ${BLOB_BYTES}`));
    assert.ok(row, `the image history has no RUN layer: ${JSON.stringify(layers())}`);
    return row.bytes;
  };

  /** Whether a size as the hint prints it ("5.0 MB") is `bytes` to the precision shown. */
  const sameSize = (text, bytes) => {
    const match = /(\d+(?:\.(\d+))?) (B|kB|MB|GB)\b/.exec(text);
    if (!match) return false;
    const unit = 1000 ** ['B', 'kB', 'MB', 'GB'].indexOf(match[3]);
    const half = (unit * 10 ** -(match[2]?.length ?? 0)) / 2;
    return Math.abs(Number(match[1]) * unit - bytes) <= half;
  };

  it('shows the size and cache result of each instruction on its line after a build', LIMIT, async () => {
    const lines = readFileSync(join(WORKSPACE, dockerfile), 'utf8').split('\n');
    const runLine = lines.findIndex((l) => l.startsWith('RUN ')) + 1;
    const copyLine = lines.findIndex((l) => l.startsWith('COPY ')) + 1;
    const build = async (wantRun, wantCopy) => {
      await clickCodeLens(page, 'Build image');
      let runHint = '';
      let copyHint = '';
      await waitUntil(
        async () => {
          runHint = await hintOn(runLine, lines[runLine - 1]);
          copyHint = await hintOn(copyLine, lines[copyLine - 1]);
          return runHint.split(' · ').includes(wantRun) && copyHint.split(' · ').includes(wantCopy);
        },
        { timeoutMs: 120_000, describe: () => `line ${copyLine} ends with ${JSON.stringify(copyHint)}, line ${runLine} with ${JSON.stringify(runHint)}; expected ${wantCopy} and ${wantRun}` },
      );
      const bytes = runLayerBytes();
      assert.ok(bytes >= BLOB_BYTES, `the RUN layer is ${bytes} bytes in the engine's history`);
      assert.ok(sameSize(runHint, bytes), `line ${runLine} shows ${JSON.stringify(runHint)}, the engine's history ${bytes} bytes`);
    };

    await step('32-build-hints', async () => {
      await quickOpen(page, dockerfile);
      // The hints are long: give the editor the width of the window.
      if (await page.locator('.part.sidebar').isVisible()) await page.keyboard.press('Control+B');
      await page.locator('.part.sidebar').waitFor({ state: 'hidden' });
      // The first build runs every step.
      await build('rebuilt', 'rebuilt');
    });
    await step('33-build-hints-cached', async () => {
      // Built again unchanged, every step comes from the cache, and the hints say so; the FROM line only took
      // the base image, so it does not say it was rebuilt.
      await build('cached', 'cached');
      const fromLine = lines.findIndex((l) => l.startsWith('FROM ')) + 1;
      const fromHint = await hintOn(fromLine, lines[fromLine - 1]);
      assert.ok(!fromHint.split(' · ').includes('rebuilt'), `line ${fromLine} ends with ${JSON.stringify(fromHint)}`);
    });
    await step('34-build-hints-copy-changed', async () => {
      // A changed copied file rebuilds from its COPY down; a lens above the COPY line marks it as the first miss,
      // with the weight of every layer rebuilt from there (this Dockerfile's layers, from the COPY on).
      writeFileSync(join(WORKSPACE, BUILD_DIR, 'labels.txt'), `cat\ndog\n${randomUUID()}\n`);
      await build('rebuilt', 'rebuilt');
      const history = layers();
      const fromCopy = history.slice(0, history.findIndex((l) => /\bCOPY\b/.test(l.createdBy)) + 1);
      const rebuilt = fromCopy.reduce((sum, l) => sum + l.bytes, 0);
      let lenses = [];
      await waitUntil(
        async () => {
          lenses = await codeLensesAbove(page, copyLine);
          return lenses.some((text) => sameSize(text.split(' · ').at(-1), rebuilt));
        },
        { describe: () => `above line ${copyLine} the lenses are ${JSON.stringify(lenses)}; the layers from the COPY down weigh ${rebuilt} bytes` },
      );
      await screenshotOfPart(page.locator('.part.editor'), 'build-hints', { maxHeight: 190 });
    });
  });
});
