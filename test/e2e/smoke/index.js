// The extension-host smoke suite: runs inside a real extension host against the real `vscode` API, in the
// desktop VS Code of @vscode/test-electron (`npm run test:electron`) and in code-server's extension host (the
// e2e run opens a window with extensionDevelopmentPath/extensionTestsPath). One suite, two hosts.
//
// What it expects comes from outside, in the JSON file DOCKML_SMOKE_EXPECTED names: the CLI's findings on the
// workspace the host opened ({workspace, findings}). It writes its results to DOCKML_SMOKE_RESULTS when set,
// prints a TAP stream, and rejects when a test fails, which is how both hosts learn the outcome.
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

const EXTENSION_ID = 'dockml.dockml';
const TEST_TIMEOUT_MS = 60_000;

const tests = [];
function test(name, fn) {
  tests.push({ name, fn });
}

function expectations() {
  const file = process.env.DOCKML_SMOKE_EXPECTED;
  if (!file) throw new Error('DOCKML_SMOKE_EXPECTED is not set: the runner passes the CLI findings for the workspace in it');
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function workspaceUri(relative) {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the host opened no workspace folder');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

function key(rule, range) {
  return `${rule} ${range.start.line + 1}:${range.start.character + 1}`;
}

function dockmlKeys(uri) {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'dockml')
    .map((d) => key(typeof d.code === 'object' ? String(d.code.value) : String(d.code), d.range))
    .sort();
}

/** Resolves when `check()` holds, re-checking on every diagnostics change; rejects with `describe()` on timeout. */
function waitFor(check, describe, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    let subscription;
    const finish = (error) => {
      clearTimeout(timer);
      subscription?.dispose();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs / 1000} s: ${describe()}`)), timeoutMs);
    subscription = vscode.languages.onDidChangeDiagnostics(() => {
      if (check()) finish();
    });
    if (check()) finish();
  });
}

async function waitForFindings(uri, expected) {
  const want = expected.map((f) => key(f.rule, f.range)).sort();
  await waitFor(
    () => JSON.stringify(dockmlKeys(uri)) === JSON.stringify(want),
    () => `${uri.fsPath}: expected ${JSON.stringify(want)}, got ${JSON.stringify(dockmlKeys(uri))}`,
  );
}

function findingsByFile() {
  const byFile = new Map();
  for (const finding of expectations().findings) {
    if (!byFile.has(finding.file)) byFile.set(finding.file, []);
    byFile.get(finding.file).push(finding);
  }
  return byFile;
}

test('the extension activates when a Dockerfile opens', async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this host`);
  const [file] = findingsByFile().keys();
  await vscode.window.showTextDocument(workspaceUri(file));
  await extension.activate();
  assert.equal(extension.isActive, true);
});

test('every command package.json contributes is registered', async () => {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  await extension.activate();
  const contributed = (extension.packageJSON.contributes?.commands ?? []).map((c) => c.command);
  const registered = new Set(await vscode.commands.getCommands(true));
  assert.deepEqual(contributed.filter((id) => !registered.has(id)), []);
});

test('each example file gets exactly the diagnostics the CLI reports', async () => {
  for (const [file, expected] of findingsByFile()) {
    const uri = workspaceUri(file);
    await vscode.window.showTextDocument(uri, { preview: false });
    await waitForFindings(uri, expected);
  }
});

test('code actions offer the fixes the CLI offers, and the preferred one edits the document', async () => {
  const finding = expectations().findings.find((f) => f.fixes.some((fix) => !fix.title.startsWith('Ignore ')));
  assert.ok(finding, 'no example finding has a fix');
  const uri = workspaceUri(finding.file);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  const range = new vscode.Range(finding.range.start.line, finding.range.start.character, finding.range.end.line, finding.range.end.character);
  const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
  const titles = actions.map((a) => a.title);
  for (const fix of finding.fixes) assert.ok(titles.includes(fix.title), `missing quick fix "${fix.title}" among ${JSON.stringify(titles)}`);

  const fix = finding.fixes.find((f) => !f.title.startsWith('Ignore '));
  const action = actions.find((a) => a.title === fix.title);
  const before = document.getText();
  if (action.edit) assert.ok(await vscode.workspace.applyEdit(action.edit), 'the workspace edit was not applied');
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  assert.notEqual(document.getText(), before, 'the fix changed nothing');
  await waitFor(
    () => !dockmlKeys(uri).includes(key(finding.rule, finding.range)),
    () => `${finding.rule} is still reported after its fix: ${JSON.stringify(dockmlKeys(uri))}`,
  );
  await vscode.commands.executeCommand('workbench.action.files.revert');
  assert.equal(document.getText(), before);
});

/** Resolves when `check()` holds, re-checking on every change of the editor tabs; rejects with `describe()` on timeout. */
function waitForTabs(check, describe, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    const subscription = vscode.window.tabGroups.onDidChangeTabs(() => check() && finish());
    const timer = setTimeout(() => finish(new Error(`timed out after ${timeoutMs / 1000} s: ${describe()}`)), timeoutMs);
    function finish(error) {
      clearTimeout(timer);
      subscription.dispose();
      if (error) reject(error);
      else resolve();
    }
    if (check()) finish();
  });
}

/** Every open tab's label and what it shows: `text <uri>`, `webview <viewType>`, or its kind. */
function tabList() {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .map((tab) => {
      const input = tab.input;
      const what = input instanceof vscode.TabInputText ? `text ${input.uri}` : input instanceof vscode.TabInputWebview ? `webview ${input.viewType}` : 'other';
      return { label: tab.label, what };
    });
}

test("rule documentation opens as a rendered preview, from a diagnostic's link and from the command", async () => {
  const finding = expectations().findings[0];
  const uri = workspaceUri(finding.file);
  await vscode.window.showTextDocument(uri);
  await waitForFindings(uri, findingsByFile().get(finding.file));
  const diagnostic = vscode.languages.getDiagnostics(uri).find((d) => d.source === 'dockml' && String(d.code.value) === finding.rule);
  const target = diagnostic.code.target;
  assert.equal(target.toString(), `dockml-rule:/${finding.rule}.md`);
  const page = await vscode.workspace.openTextDocument(target);
  assert.match(page.getText(), new RegExp(finding.rule));

  const previewOf = (rule) => () => tabList().some((t) => t.label === `Preview ${rule}.md` && t.what.includes('markdown.preview'));
  const textOf = (rule) => () => tabList().some((t) => t.what === `text dockml-rule:/${rule}.md`);
  // As the Problems panel opens a diagnostic's link: as an editor, which the extension replaces with the preview.
  await vscode.commands.executeCommand('vscode.open', target);
  await waitForTabs(() => previewOf(finding.rule)() && !textOf(finding.rule)(), () => JSON.stringify(tabList()));

  await vscode.commands.executeCommand('dockml.showRuleDocumentation', 'copy-all-before-install');
  await waitForTabs(previewOf('copy-all-before-install'), () => JSON.stringify(tabList()));
  assert.ok(!textOf('copy-all-before-install')(), 'the page opened rendered, with no text editor');

  const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', uri, diagnostic.range.start);
  const markdown = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
  const link = `command:dockml.showRuleDocumentation?${JSON.stringify([finding.rule])}`;
  assert.ok(decodeURIComponent(markdown).includes(`(${link})`), `the hover links ${link}: ${markdown}`);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
});

test("a Build image lens sits on each Compose service's build: key and builds that service", async () => {
  const file = [...findingsByFile().keys()].find((f) => /compose\.ya?ml$/.test(f));
  assert.ok(file, 'the examples have a Compose file');
  const uri = workspaceUri(file);
  const document = await vscode.workspace.openTextDocument(uri);
  const lines = document.getText().split('\n');
  const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', uri);
  const builds = lenses.filter((lens) => lens.command?.command === 'dockml.buildService');
  assert.ok(builds.length > 0, 'no Build image lens');
  for (const lens of builds) {
    assert.equal(lens.command.title, '$(package) Build image');
    assert.match(lines[lens.range.start.line], /^\s+build:/, `the lens of ${lens.command.arguments[1]} is on its build: key`);
    assert.equal(lens.command.arguments[0].toString(), uri.toString());
  }
});

test('DockML: Restart Language Server brings the diagnostics back', async () => {
  const [file, expected] = [...findingsByFile()][0];
  const uri = workspaceUri(file);
  await vscode.window.showTextDocument(uri);
  await vscode.commands.executeCommand('dockml.restartServer');
  await waitForFindings(uri, expected);
});

async function runTests() {
  const results = [];
  console.log(`TAP version 13\n1..${tests.length}`);
  for (const [i, { name, fn }] of tests.entries()) {
    const started = Date.now();
    let error;
    try {
      let timer;
      await Promise.race([fn(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out after ${TEST_TIMEOUT_MS / 1000} s`)), TEST_TIMEOUT_MS)))]).finally(() => clearTimeout(timer));
    } catch (e) {
      error = e;
    }
    results.push({ name, ok: !error, ms: Date.now() - started, error: error ? String(error.stack ?? error) : undefined });
    console.log(`${error ? 'not ok' : 'ok'} ${i + 1} - ${name}${error ? `\n  # ${String(error.message).split('\n').join('\n  # ')}` : ''}`);
  }
  return results;
}

/** The entry point both hosts call: runs every test, records the results, rejects when one failed. */
exports.run = async function run() {
  const results = await runTests();
  const failed = results.filter((r) => !r.ok).length;
  console.log(`${results.length - failed} passed, ${failed} failed`);
  const out = process.env.DOCKML_SMOKE_RESULTS;
  if (out) {
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(results, null, 2));
  }
  if (failed > 0) throw new Error(`${failed} of ${results.length} smoke tests failed`);
};
