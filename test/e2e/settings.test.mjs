// The per-rule settings in VS Code's Settings UI, end to end: every rule's `dockml.rule.<id>` setting is found by
// typing the rule id in the Settings search, shows its description rendered from package.json's
// `markdownDescription` under the "DockML: Rules" section, is found by each BuildKit check name and hadolint code
// its description carries, and choosing `off` in its dropdown writes the workspace setting and takes the rule's
// finding off the Problems panel. Expected values come from package.json and the CLI. Started by run.mjs.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { lintWithCli, makeWorkspace, problemKey, rootPackageJson, runEnv } from './lib/fixtures.mjs';
import {
  exactly,
  launchBrowser,
  openFile,
  openWorkbench,
  runCommand,
  screenshotStep,
  screenshotRegion,
  showProblems,
  VIEWPORT,
  waitForProblems,
  waitUntil,
} from './lib/workbench.mjs';

const BASE_URL = runEnv('DOCKML_E2E_URL');
/** A workspace of its own, so that the workspace setting written here changes no other file's scenarios. */
const WORKSPACE = join(dirname(runEnv('DOCKML_E2E_WORKSPACE')), 'settings-workspace');
const LIMIT = { timeout: 180_000 };
/** Every rule, one search each: about a second or two a search on a loaded machine. */
const EVERY_RULE_LIMIT = { timeout: 600_000 };

/** The Settings UI section of the per-rule settings, as package.json contributes it. */
const RULES_SECTION = 'DockML: Rules';
const PREFIX = 'dockml.rule.';
const section = rootPackageJson().contributes.configuration.find((s) => s.title === RULES_SECTION);
/** The per-rule settings: [{ key, id, markdown }] in package.json's order. */
const RULE_SETTINGS = Object.entries(section?.properties ?? {}).map(([key, schema]) => ({ key, id: key.slice(PREFIX.length), markdown: schema.markdownDescription }));
const setting = (id) => {
  const found = RULE_SETTINGS.find((s) => s.id === id);
  assert.ok(found, `package.json has no ${PREFIX}${id} setting in its "${RULES_SECTION}" section`);
  return found;
};

/** The file whose findings the `off` scenario watches, and the rule it turns off there. */
const DOCKERFILE = 'inference-api/Dockerfile';
const RULE_TO_TURN_OFF = 'copy-all-before-install';
/** A rule whose description names a BuildKit check and a hadolint code it stands for. */
const ALIASED_RULE = 'shell-form-cmd';

let browser;
let page;

/** A Markdown description as the Settings UI renders it: code spans and escapes without their marks. */
const rendered = (markdown) =>
  markdown
    .replace(/`([^`]*)`|\\([\\`*_{}[\]()#+\-.!])/g, (_, code, escaped) => code ?? escaped)
    .replace(/\s+/g, ' ')
    .trim();

/** Runs a scenario with a screenshot as `name` whether it passes or fails (after closing what an earlier one left open). */
const withScreenshot = (name, body) => screenshotStep(page, name, body);

const settingsEditor = () => page.locator('.settings-editor').first();
/** The Settings UI's search box, a one-line editor (not a plain input). */
const searchBox = () => settingsEditor().locator('.search-container .monaco-editor').first();
/** The row of the settings list for the setting `key`, when the list renders it. */
const settingItem = (key) => settingsEditor().locator(`.settings-tree-container .setting-item-contents[data-key="${key}"]`);

/** Opens the Settings UI with Ctrl+, (unless it is open) and waits for its search box. */
async function openSettings() {
  if (!(await settingsEditor().isVisible())) await page.keyboard.press('Control+,');
  await searchBox().waitFor({ state: 'visible', timeout: 60_000 });
}

/** Closes the Settings UI's editor with View: Close Editor, the focus in its search box. */
async function closeSettings() {
  if (!(await settingsEditor().isVisible())) return;
  await searchBox().click();
  await runCommand(page, 'View: Close Editor');
  await settingsEditor().waitFor({ state: 'hidden' });
}

/** Replaces the Settings search with `query`, as typed. */
async function typeSearch(query) {
  await searchBox().click();
  await page.keyboard.press('Control+A');
  if (query) await page.keyboard.insertText(query);
  else await page.keyboard.press('Backspace');
}

/**
 * Searches the Settings UI for `query` and waits until the results show the setting `key`. When the results of the
 * search before already show it, the search is cleared first, so that the setting shown comes from this search.
 */
async function searchFor(query, key) {
  if ((await settingItem(key).count()) > 0) {
    await typeSearch('');
    await settingItem(key).waitFor({ state: 'detached', timeout: 60_000 });
  }
  await typeSearch(query);
  try {
    await settingItem(key).waitFor({ state: 'visible', timeout: 60_000 });
  } catch {
    const shown = await settingsEditor().locator('.settings-tree-container .setting-item-contents').evaluateAll((items) => items.map((i) => i.dataset.key));
    throw new Error(`searching the Settings UI for ${JSON.stringify(query)} shows ${JSON.stringify(shown)}, not ${key}`);
  }
  return settingItem(key);
}

/** What the setting's row shows: its description's text and whether that text has code spans rendered. */
async function shownDescription(item) {
  return item.locator('.setting-item-description').evaluate((el) => ({ text: el.textContent.replace(/\s+/g, ' ').trim(), code: el.querySelectorAll('code').length }));
}

/** Asserts the row shows the description package.json gives, rendered as Markdown, not its source. */
async function expectDescription(item, { id, markdown }) {
  const want = rendered(markdown);
  let seen = { text: '', code: 0 };
  await waitUntil(async () => (seen = await shownDescription(item)).text === want, {
    timeoutMs: 10_000,
    describe: () => `the setting of ${id} reads ${JSON.stringify(seen.text)}, package.json describes it as ${JSON.stringify(want)}`,
  });
  assert.equal(seen.code, (markdown.match(/`[^`]*`/g) ?? []).length, `the description of ${id} does not render its code spans`);
}

/**
 * The sections the Settings UI's table of contents lists for the current search, without their counts; the sections
 * it shows collapsed are expanded first (by their twisties), so that every section the results fall in is listed.
 */
async function tocSections() {
  const toc = settingsEditor().locator('.settings-toc-container');
  const collapsed = toc.locator('.monaco-list-row[aria-expanded="false"]');
  for (let i = 0; i < 10 && (await collapsed.count()) > 0; i++) await collapsed.first().locator('.monaco-tl-twistie').click();
  const rows = await toc.locator('.monaco-list-row').allInnerTexts();
  return rows.map((row) => row.replace(/\s*\(\d+\)\s*$/, '').trim());
}

before(async () => {
  assert.ok(section, `package.json contributes no "${RULES_SECTION}" settings section`);
  makeWorkspace(WORKSPACE);
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: VIEWPORT });
  page = await context.newPage();
  page.setDefaultTimeout(30_000);
  await openWorkbench(page, BASE_URL, WORKSPACE);
});

after(async () => {
  await browser?.close();
});

describe('rule settings in the Settings UI', () => {
  it('finds a rule by its id, with its description, in the DockML: Rules section', LIMIT, () =>
    withScreenshot('40-settings-rule-by-id', async () => {
      await openSettings();
      for (const id of [RULE_TO_TURN_OFF, ALIASED_RULE]) {
        const rule = setting(id);
        const item = await searchFor(id, rule.key);
        await expectDescription(item, rule);
        let sections = [];
        await waitUntil(async () => (sections = await tocSections()).includes(RULES_SECTION), {
          describe: () => `searching for ${id}, the table of contents lists ${JSON.stringify(sections)}, not ${RULES_SECTION}`,
        });
      }
    }));

  it('finds every rule by its id, with its description', EVERY_RULE_LIMIT, () =>
    withScreenshot('41-settings-every-rule', async () => {
      assert.ok(RULE_SETTINGS.length > 0, `the "${RULES_SECTION}" section has no settings`);
      await openSettings();
      for (const rule of RULE_SETTINGS) await expectDescription(await searchFor(rule.id, rule.key), rule);
    }));

  it('finds each rule by every BuildKit check name and hadolint code its description names', EVERY_RULE_LIMIT, () =>
    withScreenshot('42-settings-rule-by-alias', async () => {
      // The names other tools give a rule, as ruleSettingsSchema writes them into its description.
      const aliases = RULE_SETTINGS.flatMap((rule) => [...rule.markdown.matchAll(/(?:BuildKit|hadolint) `([^`]+)`/g)].map((m) => ({ alias: m[1], rule })));
      const named = aliases.filter((a) => a.rule.id === ALIASED_RULE).map((a) => a.alias);
      assert.ok(named.some((a) => /^[A-Z][A-Za-z]+$/.test(a)) && named.some((a) => /^DL\d+$/.test(a)), `the description of ${ALIASED_RULE} names no BuildKit check or no hadolint code: ${setting(ALIASED_RULE).markdown}`);
      await openSettings();
      for (const { alias, rule } of aliases) await expectDescription(await searchFor(alias, rule.key), rule);
    }));

  it('turns a rule off from its dropdown: the workspace setting is written and its finding leaves the Problems panel', LIMIT, () =>
    withScreenshot('43-settings-rule-off', async () => {
      const findings = lintWithCli(WORKSPACE, [DOCKERFILE]);
      assert.ok(findings.some((f) => f.rule === RULE_TO_TURN_OFF), `the CLI finds no ${RULE_TO_TURN_OFF} in ${DOCKERFILE}: the scenario needs one`);
      await closeSettings();
      await openFile(page, DOCKERFILE);
      await showProblems(page);
      await waitForProblems(page, DOCKERFILE, findings.map(problemKey));

      await openSettings();
      const rule = setting(RULE_TO_TURN_OFF);
      // The Workspace tab: the setting lands in this workspace's .vscode/settings.json.
      await settingsEditor().locator('.settings-tabs-widget .action-label', { hasText: exactly('Workspace') }).click();
      await settingsEditor().locator('.settings-tabs-widget .action-label.checked', { hasText: exactly('Workspace') }).waitFor();
      const item = await searchFor(rule.id, rule.key);
      await item.locator('select').click();
      const options = page.locator('.monaco-select-box-dropdown-container.visible .monaco-list-row');
      const off = options.filter({ has: page.locator('.option-text', { hasText: exactly('off') }) });
      await off.waitFor({ state: 'visible' });
      // The open dropdown shows the rule, its description and what each value means: the README's picture.
      await off.hover();
      await screenshotRegion(page, 'rule-setting', [searchBox(), item, page.locator('.monaco-select-box-dropdown-container.visible')]);
      await off.click();
      await waitUntil(async () => (await item.locator('select').inputValue()) === 'off', { describe: () => `the dropdown of ${rule.key} does not show off` });

      const file = join(WORKSPACE, '.vscode', 'settings.json');
      let written = '';
      await waitUntil(() => existsSync(file) && JSON.parse((written = readFileSync(file, 'utf8')))[rule.key] === 'off', {
        describe: () => `the workspace settings read ${JSON.stringify(written)}, without "${rule.key}": "off"`,
      });

      await closeSettings();
      await showProblems(page);
      await waitForProblems(page, DOCKERFILE, findings.filter((f) => f.rule !== RULE_TO_TURN_OFF).map(problemKey));
    }));
});
