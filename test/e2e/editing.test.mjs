// The editing features end to end: completion, hovers, outline, folding, formatting, rename, references,
// highlights and links in Dockerfiles and Compose files, the Fix All Problems command and the status bar counts,
// driven through VS Code's UI in code-server. Each scenario works on a scratch file it writes into its own copy of
// the examples, asks the language server the VSIX ships (lib/lsp.mjs) what the editor must show, and asserts the
// screen shows it. Started by run.mjs after scenarios.test.mjs.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { applyEdits, expandSnippet, lintWithCli, makeWorkspace, problemKey, ROOT, runEnv } from './lib/fixtures.mjs';
import { LanguageServer } from './lib/lsp.mjs';
import {
  acceptSuggestion,
  closeWidgets,
  editorLines,
  editorTextLocators,
  expandPane,
  goTo,
  launchBrowser,
  openWorkbench,
  openFile,
  runCommand,
  screenshot,
  screenshotRegion,
  showProblems,
  statusBarLabel,
  suggestLabels,
  treeLabels,
  viewPane,
  VIEWPORT,
  waitForEditorText,
  waitForHover,
  waitForProblems,
  waitForSuggestions,
  waitUntil,
} from './lib/workbench.mjs';

const BASE_URL = runEnv('DOCKML_E2E_URL');
/** A workspace of its own beside the one scenarios.test.mjs changes, so that these scenarios start from the examples. */
const WORKSPACE = join(dirname(runEnv('DOCKML_E2E_WORKSPACE')), 'editing-workspace');
const LIMIT = { timeout: 180_000 };

/** The scratch files the scenarios edit, relative to the workspace. */
const FILES = {
  complete: 'edit-complete/Dockerfile',
  stages: 'edit-stages/Dockerfile',
  format: 'edit-format/Dockerfile',
  rename: 'edit-rename/Dockerfile',
  compose: 'edit-compose/compose.yaml',
  composeRename: 'edit-compose-rename/compose.yaml',
  fixAll: 'edit-fix-all/Dockerfile',
  broken: 'edit-status/broken.json',
};

const STAGES = [
  'ARG BASE=python:3.12-slim',
  'FROM ${BASE} AS builder',
  'ARG TORCH=2.5.1',
  'RUN pip wheel --wheel-dir /wheels torch==${TORCH} \\',
  '    numpy',
  'FROM python:3.12-slim',
  'COPY --from=builder /wheels /wheels',
  'RUN --mount=type=bind,from=builder,source=/wheels,target=/w pip install --no-cache-dir /w/*.whl',
  'CMD ["python", "-m", "app"]',
  '',
].join('\n');

const COMPOSE = [
  'services:',
  '  api:',
  '    image: python:3.12-slim',
  '    depends_on:',
  '      - db',
  '  db:',
  '    image: postgres:16',
  '    volumes:',
  '      - pgdata:/var/lib/postgresql/data',
  '  cache:',
  '    image: redis:7',
  '  trainer:',
  '    image: pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime',
  '    depends_on: [db]',
  '    deploy:',
  '      resources:',
  '        reservations:',
  '          devices:',
  '            - driver: nvidia',
  '              count: 1',
  '              capabilities: [gpu]',
  'networks:',
  '  data:',
  'volumes:',
  '  pgdata:',
  '',
].join('\n');

const SCRATCH = {
  [FILES.complete]: 'FROM python:3.12-slim\nWORKDIR /app\n',
  [FILES.stages]: STAGES,
  // Lower-case keywords, indented instructions, uneven continuation lines and JSON spacing: all the formatter's.
  [FILES.format]: ['from python:3.12-slim', '  workdir /app', 'run apt-get update && \\', 'apt-get install -y curl \\', '        && rm -rf /var/lib/apt/lists/*', 'cmd ["python","app.py"]', ''].join('\n'),
  [FILES.rename]: STAGES,
  [FILES.compose]: COMPOSE,
  [FILES.composeRename]: COMPOSE,
  // The example whose findings have the most fixes.
  [FILES.fixAll]: readFileSync(join(ROOT, 'examples', 'inference-api', 'Dockerfile'), 'utf8'),
  [FILES.broken]: '{ "name": "dockml", }\n',
};

let browser;
let page;
let server;

const lines = (text) => text.split('\n');
/** The 0-based position of the first `needle` on the 0-based line `line` of `text`. */
function positionOf(text, line, needle) {
  const character = lines(text)[line].indexOf(needle);
  assert.ok(character >= 0, `line ${line + 1} has no ${JSON.stringify(needle)}`);
  return { line, character };
}
/** The 0-based line of the first line of `text` that starts with `prefix`. */
const lineOf = (text, prefix) => lines(text).findIndex((l) => l.startsWith(prefix));

/** The first paragraph of a hover's Markdown as the hover renders it: no Markdown marks, spaces collapsed. */
function renderedParagraph(markdown, index = 0) {
  const paragraphs = markdown.split(/\n\s*\n/).filter((p) => p.trim() && !p.trim().startsWith('```'));
  return paragraphs[index]
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|`/g, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!])/g, '$1')
    .replace(/^\s*- /gm, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Saves a screenshot as `name` whether the step passes or fails; a step first closes what an earlier one left open. */
async function withScreenshot(name, body) {
  try {
    await closeWidgets(page);
    await body();
  } finally {
    if (page) await screenshot(page, name).catch(() => undefined);
  }
}

/** Opens a scratch file in the editor, as it is on disk, and in the language server; returns its text. */
async function open(file) {
  await openFile(page, file);
  await revert();
  return server.open(file);
}

/** Reverts the active editor to the file on disk, dropping what a scenario typed. */
const revert = () => runCommand(page, 'File: Revert File');

/** The text VS Code leaves after accepting a completion item at `position` (placeholders keep their defaults). */
function afterCompletion(text, position, item) {
  const insert = (t) => (item.insertTextFormat === 2 ? expandSnippet(t) : t);
  if (item.textEdit) return applyEdits(text, [{ range: item.textEdit.range ?? item.textEdit.replace, newText: insert(item.textEdit.newText) }]);
  // Without an edit, VS Code replaces the word before the cursor.
  const word = /[\w-]*$/.exec(lines(text)[position.line].slice(0, position.character))[0];
  const range = { start: { line: position.line, character: position.character - word.length }, end: position };
  return applyEdits(text, [{ range, newText: insert(item.insertText ?? item.label) }]);
}

/**
 * Presses Enter at the end of line `line` (0-based) and types `typed` on the new line, which VS Code indents as the
 * line before; returns the text the editor then shows and the server's completions at the cursor.
 */
async function typeAndComplete(file, text, line, typed) {
  const end = lines(text)[line].length;
  await goTo(page, line + 1, end + 1);
  await page.keyboard.press('Enter');
  await page.keyboard.type(typed);
  const indent = /^\s*/.exec(lines(text)[line])[0];
  const newText = applyEdits(text, [{ range: { start: { line, character: end }, end: { line, character: end } }, newText: `\n${indent}${typed}` }]);
  await waitForEditorText(page, newText, [line + 2]);
  const position = { line: line + 1, character: indent.length + typed.length };
  await server.openText(file, newText);
  const items = await server.request('textDocument/completion', file, { position });
  return { text: newText, position, items: Array.isArray(items) ? items : (items?.items ?? []) };
}

/** Every symbol's name, parents before children, as the Outline view lists them when all are expanded. */
const flattenSymbols = (symbols) => symbols.flatMap((s) => [s.name, ...flattenSymbols(s.children ?? [])]);

/**
 * Waits until the Outline view lists the server's document symbols of `file`, every node expanded (the workspace's
 * outline.collapseItems); the other views of the Explorer are collapsed so that every row shows. Returns its pane.
 */
async function expectOutline(file) {
  const expected = flattenSymbols(await server.request('textDocument/documentSymbol', file));
  await page.keyboard.press('Control+Shift+E');
  const pane = viewPane(page, 'Outline');
  await pane.waitFor({ state: 'visible' });
  await expandPane(pane);
  const others = page.locator('.part.sidebar .pane-header[aria-expanded="true"]').filter({ hasNotText: /^\s*outline\b/i });
  while ((await others.count()) > 0) await others.first().click();
  let seen = [];
  await waitUntil(async () => JSON.stringify((seen = await treeLabels(pane))) === JSON.stringify(expected), {
    describe: () => `the Outline view lists ${JSON.stringify(seen)}, the server ${JSON.stringify(expected)}`,
  });
  return pane;
}

/** Shows the hover at `position` and waits until it shows the first `paragraphs` paragraphs of the server's hover. */
async function expectHover(file, position, paragraphs = 1) {
  const hover = await server.request('textDocument/hover', file, { position });
  assert.ok(hover, `the server has no hover at line ${position.line + 1}, column ${position.character + 1} of ${file}`);
  await closeWidgets(page);
  await goTo(page, position.line + 1, position.character + 1);
  return waitForHover(page, Array.from({ length: paragraphs }, (_, i) => renderedParagraph(hover.contents.value, i)));
}

/** The position `offset` characters into the first `needle` on the first line starting with `linePrefix`. */
const inside = (text, linePrefix, needle, offset = 1) => {
  const position = positionOf(text, lineOf(text, linePrefix), needle);
  return { line: position.line, character: position.character + offset };
};

/** Runs Go to References at the cursor and waits until the peek view says it found `count` references. */
async function waitForReferences(count) {
  await runCommand(page, 'Go to References');
  const title = page.locator('.peekview-widget .peekview-title').first();
  let seen = '';
  await waitUntil(async () => (seen = await title.innerText().catch(() => '')).includes(`(${count})`), {
    describe: () => `the references peek reads ${JSON.stringify(seen)}, the server finds ${count} reference(s)`,
  });
  await page.keyboard.press('Escape');
}

/** Renames the symbol at `position` to `newName` with F2 and waits until the editor shows the server's edits. */
async function renameAt(file, text, position, newName, shot) {
  const edit = await server.request('textDocument/rename', file, { position, newName });
  const edits = server.editsFor(edit, file);
  assert.ok(edits.length > 1, `the server renames ${edits.length} place(s) only: the scenario needs a name used more than once`);
  const expected = applyEdits(text, edits);
  await goTo(page, position.line + 1, position.character + 1);
  await page.keyboard.press('F2');
  const input = page.locator('.rename-box input, .rename-box textarea').first();
  await input.waitFor({ state: 'visible' });
  await input.fill(newName);
  if (shot) await screenshotRegion(page, shot, [...editorTextLocators(page), page.locator('.rename-box')]);
  await page.keyboard.press('Enter');
  await waitForEditorText(page, expected, edits.map((e) => e.range.start.line + 1));
  await page.keyboard.press('Control+S');
  await waitUntil(() => readFileSync(join(WORKSPACE, file), 'utf8') === expected, { describe: () => `${file} on disk is not the renamed text` });
}

before(async () => {
  makeWorkspace(WORKSPACE);
  for (const [file, text] of Object.entries(SCRATCH)) {
    mkdirSync(join(WORKSPACE, dirname(file)), { recursive: true });
    writeFileSync(join(WORKSPACE, file), text);
  }
  // Workspace settings: the Outline view expands every node, the formatter's indentation unit is the default one
  // rather than what VS Code would guess from each scratch file, and the language server's suggestions come before
  // the snippets the extension contributes.
  mkdirSync(join(WORKSPACE, '.vscode'), { recursive: true });
  const settings = { 'outline.collapseItems': 'alwaysExpand', 'editor.detectIndentation': false, 'editor.tabSize': 4, 'editor.insertSpaces': true, 'editor.snippetSuggestions': 'bottom' };
  writeFileSync(join(WORKSPACE, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
  server = await LanguageServer.start(WORKSPACE);
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: VIEWPORT });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await openWorkbench(page, BASE_URL, WORKSPACE);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

describe('editing a Dockerfile', () => {
  it('completes an instruction with its snippet, then a flag', LIMIT, () =>
    withScreenshot('21-completion-dockerfile', async () => {
      let text = await open(FILES.complete);
      const instruction = await typeAndComplete(FILES.complete, text, 1, 'HEA');
      const labels = instruction.items.map((i) => i.label);
      assert.ok(labels.length > 0, 'the server completes nothing after HEA');
      await waitForSuggestions(page, labels);
      await screenshotRegion(page, 'completion', [...editorTextLocators(page), page.locator('.suggest-widget.visible')]);
      const snippet = instruction.items.find((i) => i.insertTextFormat === 2) ?? instruction.items[0];
      await acceptSuggestion(page, snippet.label);
      text = afterCompletion(instruction.text, instruction.position, snippet);
      await waitForEditorText(page, text, [instruction.position.line + 1]);
      // Leave the snippet's placeholders, then type a flag on a new line.
      await page.keyboard.press('Escape');
      const flag = await typeAndComplete(FILES.complete, text, instruction.position.line, 'COPY --ch');
      assert.ok(flag.items.length > 0, 'the server completes no flag after COPY --ch');
      await waitForSuggestions(page, flag.items.map((i) => i.label));
      await acceptSuggestion(page, flag.items[0].label);
      await waitForEditorText(page, afterCompletion(flag.text, flag.position, flag.items[0]), [flag.position.line + 1]);
      await revert();
    }));

  it('documents the instruction and the flag under the cursor', LIMIT, () =>
    withScreenshot('22-hover-dockerfile', async () => {
      const text = await open(FILES.stages);
      const widget = await expectHover(FILES.stages, inside(text, 'RUN pip wheel', 'RUN'));
      await screenshotRegion(page, 'hover', [...editorTextLocators(page), widget]);
      // Past a flag's dashes.
      await expectHover(FILES.stages, inside(text, 'COPY --from', '--from', 3));
    }));

  it('shows the stages with their instructions in the Outline view', LIMIT, () =>
    withScreenshot('23-outline-dockerfile', async () => {
      await open(FILES.stages);
      const pane = await expectOutline(FILES.stages);
      await screenshotRegion(page, 'outline', [pane.locator('.pane-header'), pane.locator('.monaco-list-row'), ...editorTextLocators(page)]);
    }));

  it('folds a stage', LIMIT, () =>
    withScreenshot('24-folding-dockerfile', async () => {
      const text = await open(FILES.stages);
      const ranges = await server.request('textDocument/foldingRange', FILES.stages);
      const stageLine = lineOf(text, 'FROM ${BASE}');
      const stage = ranges.filter((r) => r.startLine === stageLine).sort((a, b) => b.endLine - a.endLine)[0];
      assert.ok(stage, `the server folds nothing at line ${stageLine + 1}`);
      await goTo(page, stageLine + 1, 1);
      await page.keyboard.press('Control+Shift+BracketLeft');
      // Folded: the stage's first line shows, the lines after it up to its end do not, the next line does.
      let shown = [];
      await waitUntil(
        async () => {
          shown = (await editorLines(page)).map((l) => l.line);
          const hidden = shown.filter((n) => n > stageLine + 1 && n <= stage.endLine + 1);
          return hidden.length === 0 && shown.includes(stageLine + 1) && shown.includes(stage.endLine + 2);
        },
        { describe: () => `the editor shows lines ${JSON.stringify(shown)}, expected ${stageLine + 2}–${stage.endLine + 1} folded` },
      );
      await page.keyboard.press('Control+Shift+BracketRight');
      await waitForEditorText(page, text, [stageLine + 2]);
    }));

  it('formats the document with Format Document', LIMIT, () =>
    withScreenshot('25-format-dockerfile', async () => {
      const text = await open(FILES.format);
      const edits = await server.request('textDocument/formatting', FILES.format, { options: { tabSize: 4, insertSpaces: true } });
      assert.ok(edits?.length > 0, 'the server formats nothing: the scenario needs a file to format');
      const expected = applyEdits(text, edits);
      await runCommand(page, 'Format Document');
      await waitForEditorText(page, expected, [1, lines(expected).length - 1]);
      await revert();
    }));

  it('renames a stage everywhere it is used', LIMIT, () =>
    withScreenshot('26-rename-stage', async () => {
      const text = await open(FILES.rename);
      await renameAt(FILES.rename, text, positionOf(text, lineOf(text, 'FROM ${BASE}'), 'builder'), 'wheels', 'rename');
    }));

  it('renames an ARG and its uses', LIMIT, () =>
    withScreenshot('27-rename-arg', async () => {
      const text = await open(FILES.rename);
      await renameAt(FILES.rename, text, positionOf(text, lineOf(text, 'ARG TORCH'), 'TORCH'), 'TORCH_VERSION');
    }));

  it('highlights a stage name and finds its references', LIMIT, () =>
    withScreenshot('28-references-stage', async () => {
      const text = await open(FILES.stages);
      const position = inside(text, 'FROM ${BASE}', 'builder');
      const highlights = await server.request('textDocument/documentHighlight', FILES.stages, { position });
      const references = await server.request('textDocument/references', FILES.stages, { position, context: { includeDeclaration: true } });
      // With one other reference only, Go to References jumps to it instead of listing them: use a stage used twice.
      assert.ok(highlights.length > 2 && references.length > 2, 'the scenario needs a stage used more than once');
      await goTo(page, position.line + 1, position.character + 1);
      const decorations = page.locator('.editor-group-container.active .monaco-editor .view-overlays .cdr[class*="wordHighlight"]');
      await waitUntil(async () => (await decorations.count()) === highlights.length, {
        describe: async () => `the editor highlights ${await decorations.count()} place(s), the server ${highlights.length}`,
      });
      await waitForReferences(references.length);
    }));

  it('links a base image to its registry page', LIMIT, () =>
    withScreenshot('29-links-dockerfile', async () => {
      const text = await open(FILES.stages);
      const links = await server.request('textDocument/documentLink', FILES.stages);
      assert.ok(links.length > 0, 'the server links nothing');
      const linked = links.map((l) => lines(text)[l.range.start.line].slice(l.range.start.character, l.range.end.character));
      const spans = page.locator('.editor-group-container.active .monaco-editor .view-lines .detected-link');
      await waitUntil(async () => JSON.stringify(await spans.allTextContents()) === JSON.stringify(linked), {
        describe: async () => `the editor underlines ${JSON.stringify(await spans.allTextContents())}, the server links ${JSON.stringify(linked)}`,
      });
      const first = links[0];
      await goTo(page, first.range.start.line + 1, first.range.start.character + 2);
      const hover = await waitForHover(page, []);
      await waitUntil(async () => (await hover.locator(`a[data-href="${first.target}"], a[href="${first.target}"]`).count()) > 0, {
        describe: async () => `the hover shows ${JSON.stringify(await hover.innerText())}, with no link to ${first.target}`,
      });
    }));
});

describe('editing a Compose file', () => {
  it('completes a key and its value from the schema', LIMIT, () =>
    withScreenshot('30-completion-compose', async () => {
      let text = await open(FILES.compose);
      const key = await typeAndComplete(FILES.compose, text, lineOf(text, '    image: python'), 'resta');
      const keys = key.items.filter((i) => i.label.startsWith('resta'));
      assert.ok(keys.length > 0, 'the server offers no key starting with resta');
      await waitForSuggestions(page, keys.map((i) => i.label));
      await acceptSuggestion(page, keys[0].label);
      text = afterCompletion(key.text, key.position, keys[0]);
      await waitForEditorText(page, text, [key.position.line + 1]);
      await server.openText(FILES.compose, text);
      const position = { line: key.position.line, character: lines(text)[key.position.line].length };
      const values = await server.request('textDocument/completion', FILES.compose, { position });
      const value = values.find((i) => i.label === 'unless-stopped') ?? values[0];
      assert.ok(value, `the server offers no value for ${lines(text)[key.position.line].trim()}`);
      await waitForSuggestions(page, values.map((i) => i.label));
      await screenshotRegion(page, 'completion-compose', [...editorTextLocators(page, position.line + 4), page.locator('.suggest-widget.visible')]);
      await acceptSuggestion(page, value.label);
      await waitForEditorText(page, afterCompletion(text, position, value), [position.line + 1]);
      await revert();
    }));

  it('documents a key with the schema description', LIMIT, () =>
    withScreenshot('31-hover-compose', async () => {
      const text = await open(FILES.compose);
      // The key's name, then the schema's description.
      await expectHover(FILES.compose, inside(text, '    image: python', 'image'), 2);
    }));

  it('lists services, networks and volumes in the Outline view', LIMIT, () =>
    withScreenshot('32-outline-compose', async () => {
      await open(FILES.compose);
      await expectOutline(FILES.compose);
    }));

  it('renames a service and its references across the file', LIMIT, () =>
    withScreenshot('33-rename-service', async () => {
      const text = await open(FILES.composeRename);
      const declaration = positionOf(text, lineOf(text, '  db:'), 'db');
      const references = await server.request('textDocument/references', FILES.composeRename, { position: declaration, context: { includeDeclaration: true } });
      await goTo(page, declaration.line + 1, declaration.character + 1);
      await waitForReferences(references.length);
      await renameAt(FILES.composeRename, text, declaration, 'database');
    }));

  it('explains the GPU request on deploy', LIMIT, () =>
    withScreenshot('34-gpu-hover-compose', async () => {
      const text = await open(FILES.compose);
      await expectHover(FILES.compose, inside(text, '    deploy:', 'deploy'));
    }));

  it('completes depends_on with the services not listed yet', LIMIT, () =>
    withScreenshot('35-depends-on-compose', async () => {
      const text = await open(FILES.compose);
      const completion = await typeAndComplete(FILES.compose, text, lineOf(text, '      - db'), '- ');
      const offered = completion.items.map((i) => i.label);
      assert.ok(offered.length > 0, 'the server offers no service under depends_on');
      assert.ok(!offered.includes('db') && !offered.includes('api'), `the server offers ${JSON.stringify(offered)}`);
      const seen = await waitForSuggestions(page, offered);
      for (const left of ['db', 'api']) assert.ok(!seen.includes(left), `the suggestions offer ${left}: ${JSON.stringify(seen)}`);
      await page.keyboard.press('Escape');
      await revert();
    }));
});

describe('DockML commands and status in the workbench', () => {
  it('applies every safe fix with DockML: Fix All Problems', LIMIT, () =>
    withScreenshot('36-fix-all', async () => {
      const text = await open(FILES.fixAll);
      const whole = { start: { line: 0, character: 0 }, end: { line: lines(text).length, character: 0 } };
      const actions = await server.request('textDocument/codeAction', FILES.fixAll, { range: whole, context: { diagnostics: [], only: ['source.fixAll.dockml'] } });
      const edits = server.editsFor(actions?.[0]?.edit, FILES.fixAll);
      assert.ok(edits.length > 0, `the server fixes nothing in ${FILES.fixAll}`);
      const expected = applyEdits(text, edits);
      await runCommand(page, 'DockML: Fix All Problems');
      await waitForEditorText(page, expected, [...new Set(edits.map((e) => e.range.start.line + 1))].filter((n) => n <= lines(expected).length));
      await page.keyboard.press('Control+S');
      await waitUntil(() => readFileSync(join(WORKSPACE, FILES.fixAll), 'utf8') === expected, { describe: () => `${FILES.fixAll} on disk is not the fixed text` });
      await showProblems(page);
      await waitForProblems(page, FILES.fixAll, lintWithCli(WORKSPACE, [FILES.fixAll]).map(problemKey));
    }));

  it('counts DockML problems in the status bar only when VS Code’s counters do not say it', LIMIT, () =>
    withScreenshot('37-status-bar', async () => {
      await runCommand(page, 'View: Close All Editors');
      const file = 'training/Dockerfile';
      const counts = { error: 0, warning: 0, info: 0 };
      for (const finding of lintWithCli(WORKSPACE, [file])) if (finding.severity in counts) counts[finding.severity]++;
      assert.ok(counts.warning + counts.info > 0, `the CLI finds nothing in ${file}`);
      const item = page.locator('.statusbar-item', { hasText: /DockML/ }).first();
      const problems = page.locator('.statusbar-item[id="status.problems"]');
      let label = '';
      const waitForLabel = (want) =>
        waitUntil(async () => (label = await statusBarLabel(item)) === want, { describe: () => `the DockML status bar item reads ${JSON.stringify(label)}, expected ${JSON.stringify(want)}` });
      // Only DockML's problems: VS Code's counters say them all, so the item adds no count.
      await openFile(page, file);
      await waitUntil(async () => (await problems.innerText()).replace(/\s+/g, ' ').trim().startsWith(`${counts.error} ${counts.warning}`), {
        describe: async () => `VS Code's counters read ${JSON.stringify(await problems.innerText())}, the CLI finds ${JSON.stringify(counts)}`,
      });
      await waitForLabel('DockML');
      // Another source's problem (the JSON language's): the item now counts DockML's own, infos included.
      await openFile(page, FILES.broken);
      const want = ['DockML', ...['error', 'warning', 'info'].filter((s) => counts[s] > 0).map((s) => `$(${s}) ${counts[s]}`)].join(' ');
      await waitForLabel(want);
    }));
});
