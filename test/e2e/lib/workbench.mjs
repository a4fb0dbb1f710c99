// Drives VS Code's web workbench (code-server) with Playwright, as a person would: keyboard shortcuts, Quick Open,
// the Problems panel, the code action menu, tree views. Every helper waits for what the screen shows, never for
// a fixed time; reads that need several looks (a virtualised list) poll until the expected state or a deadline.
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_DIR, OUTPUT_DIR } from './fixtures.mjs';

const require = createRequire(join(E2E_DIR, 'package.json'));
const { chromium } = require('playwright-core');

export const CHROMIUM = process.env.DOCKML_E2E_CHROMIUM ?? '/usr/bin/chromium';
export const VIEWPORT = { width: 1280, height: 800 };

/** Debian's Chromium, headless, with the flags this machine's closed network needs (no background requests). */
export function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** Polls `probe` until it returns a truthy value; throws the last `describe()` when `timeoutMs` passes. */
export async function waitUntil(probe, { timeoutMs = 30_000, intervalMs = 250, describe = () => '' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = await Promise.resolve(describe()).catch(() => '');
      throw new Error(`Timed out after ${timeoutMs / 1000} s${detail ? `: ${detail}` : ''}${lastError ? ` (last error: ${lastError.message})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export async function screenshot(page, name) {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const path = join(OUTPUT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Opens the workbench on `folder` and waits until the file explorer lists it. */
export async function openWorkbench(page, baseUrl, folder, extraQuery = '') {
  await page.goto(`${baseUrl}/?folder=${encodeURIComponent(folder)}${extraQuery}`);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
}

/** The names the file explorer shows at its top level (expanded folders' children included). */
export async function explorerNames(page) {
  return page.locator('.explorer-folders-view .monaco-list-row .label-name').allTextContents();
}

/** Closes whatever menu, widget or quick input a previous step left open, so the next shortcut reaches the workbench. */
export async function closeWidgets(page) {
  for (let i = 0; i < 3; i++) {
    const open = await page.locator('.quick-input-widget:visible, .context-view .action-widget:visible, .suggest-widget.visible, .monaco-menu-container:visible').count();
    if (open === 0) return;
    await page.keyboard.press('Escape');
    await nextFrames(page);
  }
}

/** Opens a workspace file with Quick Open (Ctrl+P) and waits until its editor has the keyboard focus. */
export async function quickOpen(page, relativePath) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(relativePath);
  const segments = relativePath.split('/');
  const name = segments.pop();
  const folder = segments.join('/');
  // The first result for a full relative path is that file; wait for it, not for a stale list.
  const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: exactly(name) }) }).filter(folder ? { hasText: folder } : {});
  await row.first().waitFor({ state: 'visible' });
  await row.first().click();
  // Opened when the active editor's breadcrumbs name the file and its folders, and the editor has the focus.
  await waitUntil(
    async () => {
      const crumbs = (await page.locator('.editor-group-container.active .breadcrumbs-control').innerText().catch(() => '')).split(/[\s›]+/);
      return [...segments, name].every((part) => crumbs.includes(part)) && page.evaluate(() => Boolean(document.activeElement?.closest('.editor-instance')));
    },
    { describe: () => `the editor of ${relativePath} did not open with the focus` },
  );
}

/** Shows the Problems panel (Ctrl+Shift+M toggles it, so only when it is not shown already). */
export async function showProblems(page) {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) await page.keyboard.press('Control+Shift+M');
  await panel.waitFor({ state: 'visible' });
}

/**
 * Every row of the Problems panel, read by scrolling through its virtualised list.
 * Returns [{file, problems: [{source, code, position, message}]}], `file` relative to the workspace root.
 */
export async function readProblems(page) {
  const list = page.locator('.markers-panel .monaco-list').first();
  if (!(await list.isVisible())) return [];
  const box = await list.boundingBox();
  if (!box) return [];
  // Over the list's scrollbar: the wheel scrolls the list, and no row raises its hover.
  await page.mouse.move(box.x + box.width - 3, box.y + box.height / 2);
  await scrollListToTop(page, list);
  const rows = new Map();
  for (let i = 0; i < 200; i++) {
    // Sticky scroll repeats the file row above the list; read only the list's own rows.
    const batch = await list.evaluate((el) =>
      [...el.querySelectorAll('.monaco-list-rows > .monaco-list-row')].map((row) => ({
        index: Number(row.dataset.index),
        last: row.dataset.lastElement === 'true',
        level: Number(row.getAttribute('aria-level')),
        name: row.querySelector('.label-name')?.textContent ?? '',
        folder: row.querySelector('.label-description')?.textContent ?? '',
        source: row.querySelector('.marker-source')?.textContent ?? '',
        code: row.querySelector('.marker-code')?.textContent ?? '',
        position: row.querySelector('.marker-line')?.textContent ?? '',
        message: row.querySelector('.marker-message')?.textContent ?? '',
      })),
    );
    for (const row of batch) rows.set(row.index, row);
    if (batch.length === 0 || batch.some((row) => row.last)) break;
    await page.mouse.wheel(0, Math.max(100, box.height - 44));
    await nextFrames(page);
  }
  await scrollListToTop(page, list);
  await restMouse(page);
  const groups = [];
  for (const row of [...rows.values()].sort((a, b) => a.index - b.index)) {
    if (row.level === 1) groups.push({ file: row.folder ? `${row.folder}/${row.name}` : row.name, problems: [] });
    else if (groups.length > 0) groups.at(-1).problems.push({ source: row.source, code: row.code, position: row.position, message: row.message });
  }
  return groups;
}

/** Scrolls a virtualised list (the mouse over it) until its first row is rendered at the top. */
async function scrollListToTop(page, list) {
  for (let i = 0; i < 20; i++) {
    await page.mouse.wheel(0, -10_000);
    await nextFrames(page);
    const top = await list.evaluate((el) => {
      const first = el.querySelector('.monaco-list-rows > .monaco-list-row[data-index="0"]');
      return first ? first.getBoundingClientRect().top - el.getBoundingClientRect().top : undefined;
    });
    if (top !== undefined && top >= -1) return;
  }
}

/** The DockML problems the panel lists for one file, as `rule [Ln l, Col c]` keys, sorted. */
export async function dockmlProblemKeys(page, file) {
  const group = (await readProblems(page)).find((g) => g.file === file);
  return (group?.problems ?? []).filter((p) => p.source === 'dockml').map((p) => `${p.code} ${p.position}`).sort();
}

/** Waits until the Problems panel lists exactly `expected` (keys as problemKey makes them) for `file`. */
export async function waitForProblems(page, file, expected, timeoutMs = 60_000) {
  const want = [...expected].sort();
  let seen = [];
  await waitUntil(
    async () => {
      seen = await dockmlProblemKeys(page, file);
      return JSON.stringify(seen) === JSON.stringify(want);
    },
    {
      timeoutMs,
      intervalMs: 500,
      describe: () => `Problems for ${file}: missing ${JSON.stringify(want.filter((k) => !seen.includes(k)))}, unexpected ${JSON.stringify(seen.filter((k) => !want.includes(k)))}`,
    },
  );
  return seen;
}

/** The lines the active editor renders: [{line, text}] with 1-based line numbers, in order. */
export async function editorLines(page) {
  return page.evaluate(() => {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor');
    if (!editor) return [];
    const numbers = new Map();
    for (const div of editor.querySelectorAll('.margin-view-overlays > div')) {
      const n = div.querySelector('.line-numbers')?.textContent;
      if (n) numbers.set(div.style.top, Number(n));
    }
    return [...editor.querySelectorAll('.view-lines > .view-line')]
      .map((line) => ({ line: numbers.get(line.style.top), text: line.textContent.replace(/\u00a0/g, ' ') }))
      .filter((l) => l.line !== undefined)
      .sort((a, b) => a.line - b.line);
  });
}

/** Waits until every line the active editor renders equals the same line of `text`, and lines `mustShow` are rendered. */
export async function waitForEditorText(page, text, mustShow = [1], timeoutMs = 20_000) {
  const want = text.split('\n');
  let seen = [];
  await waitUntil(
    async () => {
      seen = await editorLines(page);
      return mustShow.every((n) => seen.some((l) => l.line === n)) && seen.every((l) => l.text === (want[l.line - 1] ?? ''));
    },
    {
      timeoutMs,
      describe: () => {
        const diff = seen.filter((l) => l.text !== (want[l.line - 1] ?? '')).map((l) => `line ${l.line}: shows ${JSON.stringify(l.text)}, expected ${JSON.stringify(want[l.line - 1])}`);
        return diff.length > 0 ? diff.join('; ') : `lines ${mustShow.join(', ')} not rendered`;
      },
    },
  );
}

/** Opens a view container from the activity bar by its title (unless it is open already). */
export async function openViewContainer(page, title) {
  const item = page.locator(`.activitybar .action-item a[aria-label^="${title}"]`).first();
  await item.waitFor({ state: 'visible', timeout: 30_000 });
  const selected = await item.evaluate((a) => a.closest('.action-item')?.classList.contains('checked'));
  if (!selected) await item.click();
}

/** Drags the sash between the side bar and the editor until the side bar is `width` pixels wide. */
export async function resizeSidebar(page, width) {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box || Math.abs(box.width - width) < 2) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width + 1, y, { steps: 5 });
  await page.mouse.up();
  await restMouse(page);
}

/** The pane of a tree view, by its name as package.json gives it. */
export function viewPane(page, name) {
  return page.locator('.part.sidebar .pane', { has: page.locator('.pane-header h3.title', { hasText: new RegExp(`^${escapeRegExp(name)}$`, 'i') }) });
}

/** The labels of the rows a tree view shows, top to bottom. */
export async function treeLabels(pane) {
  return pane.locator('.pane-body .monaco-list-row .label-name').allTextContents();
}

/** Expands a collapsed view pane so its rows render. */
export async function expandPane(pane) {
  const header = pane.locator('.pane-header');
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
}

/** Resolves after the page painted twice, so DOM changes from the last input (a scroll, a keystroke) are rendered. */
export function nextFrames(page) {
  return page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Parks the mouse on the empty middle of the activity bar, where it raises no hover over what a screenshot shows. */
export async function restMouse(page) {
  const viewport = page.viewportSize();
  await page.mouse.move(4, Math.round((viewport?.height ?? 800) * 0.6));
}

/** A pattern that matches `text` exactly, for locators' `hasText` (a plain string matches substrings). */
export function exactly(text) {
  return new RegExp(`^${escapeRegExp(text)}$`);
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Moves the cursor of the active editor to `line`, `column` (1-based) with Go to Line (Ctrl+G). */
export async function goTo(page, line, column = 1) {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget .quick-input-box input').fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.statusbar', { hasText: `Ln ${line}, Col ${column}` }).waitFor();
}

/** Runs a command from the Command Palette by its full title (`Category: Title`). */
export async function runCommand(page, title) {
  await runFromPalette(page, title);
  await page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'hidden' });
  // The palette is gone, and the mouse would raise a tooltip over the editor tabs under it.
  await restMouse(page);
}

/** The labels the open suggest widget shows, top to bottom. */
export async function suggestLabels(page) {
  return page.locator('.suggest-widget.visible .monaco-list-row .label-name').allTextContents();
}

/** Opens the suggest widget with Ctrl+Space (unless it is open) and waits until it shows every label of `labels`. */
export async function waitForSuggestions(page, labels) {
  if ((await page.locator('.suggest-widget.visible').count()) === 0) await page.keyboard.press('Control+Space');
  let seen = [];
  await waitUntil(
    async () => {
      seen = await suggestLabels(page);
      return labels.every((label) => seen.includes(label));
    },
    { describe: () => `the suggestions show ${JSON.stringify(seen)}, expected ${JSON.stringify(labels)} among them` },
  );
  return seen;
}

/** Accepts the suggestion labelled `label` by clicking its row. */
export async function acceptSuggestion(page, label) {
  await page.locator('.suggest-widget.visible .monaco-list-row', { has: page.locator('.label-name', { hasText: exactly(label) }) }).first().click();
  await page.locator('.suggest-widget.visible').waitFor({ state: 'hidden' });
}

/** Shows the hover at the cursor (Ctrl+K Ctrl+I) and waits until its text contains every string of `parts`. */
export async function waitForHover(page, parts) {
  const hover = page.locator('.monaco-editor .monaco-hover:not(.hidden)').first();
  let seen = '';
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  await waitUntil(
    async () => {
      seen = (await hover.innerText().catch(() => '')).replace(/\s+/g, ' ');
      return parts.every((part) => seen.includes(part));
    },
    { describe: () => `the hover shows ${JSON.stringify(seen)}, expected ${JSON.stringify(parts)} in it` },
  );
  return hover;
}

/** Saves a screenshot of the region covering every element the `locators` match (with a margin), for the README. */
export async function screenshotRegion(page, name, locators, margin = 8) {
  const boxes = [];
  for (const locator of locators) {
    for (const element of await locator.all()) {
      const box = await element.boundingBox().catch(() => null);
      if (box && box.width > 0 && box.height > 0) boxes.push(box);
    }
  }
  if (boxes.length === 0) return screenshot(page, name);
  const viewport = page.viewportSize() ?? VIEWPORT;
  const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - margin);
  const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - margin);
  const right = Math.min(viewport.width, Math.max(...boxes.map((b) => b.x + b.width)) + margin);
  const bottom = Math.min(viewport.height, Math.max(...boxes.map((b) => b.y + b.height)) + margin);
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const path = join(OUTPUT_DIR, `${name}.png`);
  await page.screenshot({ path, clip: { x, y, width: right - x, height: bottom - y } });
  return path;
}

/**
 * The active editor's rendered text lines and their line numbers, for screenshotRegion; with `lastLine`, the line
 * numbers from 1 to it only (the text lines then count for nothing, so a widget beside them sets the width).
 */
export function editorTextLocators(page, lastLine) {
  const editor = page.locator('.editor-group-container.active .monaco-editor').first();
  const numbers = editor.locator('.margin-view-overlays .line-numbers');
  if (lastLine === undefined) return [editor.locator('.view-lines > .view-line'), numbers];
  return [numbers.filter({ hasText: new RegExp(`^(${Array.from({ length: lastLine }, (_, i) => i + 1).join('|')})$`) })];
}

/** The label of a status bar item as its source wrote it: codicons as `$(name)`, spaces collapsed. */
export async function statusBarLabel(item) {
  return item.evaluate((el) => {
    const label = el.querySelector('.statusbar-item-label') ?? el;
    const parts = [];
    const walk = (node) => {
      if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent);
      else if (node.classList?.contains('codicon')) parts.push(` $(${[...node.classList].find((c) => c.startsWith('codicon-') && c !== 'codicon-modifier-spin')?.slice('codicon-'.length)}) `);
      else for (const child of node.childNodes) walk(child);
    };
    walk(label);
    return parts.join('').replace(/\s+/g, ' ').trim();
  });
}

/**
 * Opens a workspace file with Quick Open (Ctrl+P) by pressing Enter once the focused result is that file (its name,
 * and its folder as the description), which a list still re-rendering cannot swallow as it can a click; waits until
 * its editor has the keyboard focus.
 */
export async function openFile(page, relativePath) {
  const segments = relativePath.split('/');
  const name = segments.pop();
  const folder = segments.join('/');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(relativePath);
  const focused = page.locator('.quick-input-list .monaco-list-row.focused');
  const matches = async () =>
    (await focused.locator('.label-name').first().textContent({ timeout: 1000 }).catch(() => '')) === name &&
    ((await focused.locator('.label-description').first().textContent({ timeout: 1000 }).catch(() => '')) ?? '') === folder;
  await waitUntil(matches, { describe: async () => `Quick Open's first result is ${JSON.stringify(await focused.innerText().catch(() => ''))}, not ${relativePath}` });
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
  await waitUntil(
    async () => {
      const crumbs = (await page.locator('.editor-group-container.active .breadcrumbs-control').innerText().catch(() => '')).split(/[\s›]+/);
      return [...segments, name].every((part) => crumbs.includes(part)) && page.evaluate(() => Boolean(document.activeElement?.closest('.editor-instance')));
    },
    { describe: () => `the editor of ${relativePath} did not open with the focus` },
  );
}

/**
 * Runs a scenario step on `page` and saves a screenshot as `name` whether it passes or fails. A step that starts a
 * scenario first closes what an earlier one may have left open; `{ continues: true }` keeps the screen as it is.
 */
export async function screenshotStep(page, name, body, { continues = false } = {}) {
  try {
    if (!continues) await closeWidgets(page);
    await body();
  } finally {
    await screenshot(page, name).catch(() => undefined);
  }
}

/** The row of a tree view whose label is exactly `label`. */
export function treeRow(pane, label) {
  return pane.locator('.pane-body .monaco-list-row', { has: pane.page().locator('.label-name', { hasText: exactly(label) }) });
}

/** The description a tree view shows beside the row labelled `label`, or undefined when no such row is shown. */
export async function treeRowDescription(pane, label) {
  const row = treeRow(pane, label);
  if ((await row.count()) === 0) return undefined;
  return (await row.first().locator('.label-description').textContent().catch(() => '')) ?? '';
}

/** The description in a view pane's header (the text a tree view's `description` sets, beside its title). */
export async function paneDescription(pane) {
  return (await pane.locator('.pane-header .description').first().textContent().catch(() => '')) ?? '';
}

/**
 * Right-clicks `target` and chooses the context menu item titled exactly `title`: the mouse focuses the item and
 * Enter runs it (a click that lands as the menu opens is ignored, as a right-button release would be).
 */
export async function chooseFromContextMenu(page, target, title) {
  await target.click({ button: 'right' });
  const item = page.locator('.monaco-menu .action-item:not(.disabled)', { has: page.locator('.action-label', { hasText: exactly(title) }) }).first();
  await item.waitFor({ state: 'visible' });
  await waitUntil(
    async () => {
      await item.hover();
      return (await item.getAttribute('class'))?.split(/\s+/).includes('focused');
    },
    { timeoutMs: 10_000, describe: () => `the context menu item "${title}" does not take the focus` },
  );
  await page.keyboard.press('Enter');
  await page.locator('.monaco-menu').first().waitFor({ state: 'hidden' });
}

/** The modal dialog VS Code shows for a `showWarningMessage(…, { modal: true })`. */
export function modalDialog(page) {
  return page.locator('.monaco-dialog-box');
}

/** The buttons of the modal dialog, by their text, in the order shown. */
export async function dialogButtons(page) {
  return (await modalDialog(page).locator('.dialog-buttons .monaco-button').allTextContents()).map((text) => text.trim());
}

/** Clicks the modal dialog's button whose text is exactly `text`, and waits until the dialog is gone. */
export async function pressDialogButton(page, text) {
  await modalDialog(page).locator('.dialog-buttons .monaco-button', { hasText: exactly(text) }).first().click();
  await modalDialog(page).waitFor({ state: 'hidden' });
}

/**
 * The rows the visible integrated terminal shows, top to bottom, trimmed of trailing blanks. The terminal must
 * use xterm's DOM renderer (`terminal.integrated.gpuAcceleration: off`, as the test user's settings say), which
 * keeps its text in the DOM.
 */
export async function terminalRows(page) {
  return page.evaluate(() => {
    const rows = [...document.querySelectorAll('.terminal-wrapper.active .xterm-rows')].find((el) => el.offsetParent !== null);
    return rows ? [...rows.children].map((row) => row.textContent.replace(/\u00a0/g, ' ').trimEnd()) : [];
  });
}

/** Clicks the code lens above the editor's lines whose visible text is exactly `title` (its icon has no text). */
export async function clickCodeLens(page, title) {
  const lens = page.locator('.editor-group-container.active .codelens-decoration a', { hasText: new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`) });
  await lens.first().waitFor({ state: 'visible', timeout: 60_000 });
  await lens.first().click();
}

/**
 * Chooses a command in the palette (F1) by its title as the palette lists it, e.g. `DockML: Refresh`, and returns at
 * once: a command that asks with a quick pick of its own keeps the widget open (runCommand waits for it to close).
 */
export async function runFromPalette(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: exactly(title) }) });
  await row.first().waitFor({ state: 'visible' });
  await row.first().click();
}

/** The rows a quick pick shows: {label, description} with codicons dropped from the label, in order. */
export async function quickPickRows(page) {
  return page.locator('.quick-input-widget .quick-input-list .monaco-list-row').evaluateAll((rows) =>
    rows.map((row) => ({
      label: (row.querySelector('.label-name')?.textContent ?? '').trim(),
      checked: Boolean(row.querySelector('.label-name .codicon-check')),
      description: (row.querySelector('.label-description')?.textContent ?? '').trim(),
    })),
  );
}

/**
 * Saves a screenshot of one part of the page (a locator's box, cut to `maxHeight` pixels from its top), as
 * `screenshot` saves the whole page.
 */
export async function screenshotOfPart(locator, name, { maxHeight = Infinity } = {}) {
  mkdirSync(OUTPUT_DIR, { recursive: true });
  const path = join(OUTPUT_DIR, `${name}.png`);
  const box = await locator.boundingBox();
  if (!box) throw new Error(`nothing to screenshot for ${name}: the part is not shown`);
  await locator.page().screenshot({ path, clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, maxHeight) } });
  return path;
}

/** The texts of the code lenses the active editor shows right above its line `line` (1-based), icons dropped. */
export async function codeLensesAbove(page, line) {
  return page.evaluate((wanted) => {
    const editor = document.querySelector('.editor-group-container.active .monaco-editor');
    if (!editor) return [];
    const margin = [...editor.querySelectorAll('.margin-view-overlays > div')].find((div) => div.querySelector('.line-numbers')?.textContent === String(wanted));
    if (!margin) return [];
    const top = margin.getBoundingClientRect().top;
    return [...editor.querySelectorAll('.codelens-decoration')]
      .filter((lens) => {
        const box = lens.getBoundingClientRect();
        return box.bottom <= top + 1 && top - box.bottom < box.height;
      })
      // Each lens is a child (a link, or text when it runs no command); the children between them are `|`.
      .flatMap((lens) => [...lens.children].map((el) => el.textContent.replace(/\u00a0/g, ' ').trim()))
      .filter((text) => text && text !== '|');
  }, line);
}
