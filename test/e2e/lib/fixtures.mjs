// What the scenarios expect, read from the project itself: the CLI's findings on the examples, the snippets and
// views that package.json contributes. Nothing here is a copy of a rule's message or of a snippet's body, so the
// scenarios follow the project as it changes.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './processes.mjs';

export const E2E_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = resolve(E2E_DIR, '..', '..');
export const OUTPUT_DIR = join(ROOT, 'test-output', 'e2e');
export const EXTENSION_ID = 'dockml.dockml';

/** The empty Dockerfile the snippet scenario types into, relative to the workspace. */
export const SCRATCH_DOCKERFILE = 'scratch/Dockerfile';

export function rootPackageJson() {
  return JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
}

/** The settings of the test user: no workspace-trust prompt, no welcome page, nothing that reaches the network. */
export const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'workbench.startupEditor': 'none',
  // Quick Open would otherwise reuse one preview tab, closing the last file and clearing its diagnostics.
  'workbench.editor.enablePreview': false,
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.colorTheme': 'Default Dark Modern',
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'chat.disableAIFeatures': true,
  'git.enabled': false,
  'files.autoSave': 'off',
  'editor.snippetSuggestions': 'top',
  'editor.accessibilitySupport': 'off',
  // xterm's DOM renderer keeps a terminal's text in the page, where the scenarios read it (a canvas would not).
  'terminal.integrated.gpuAcceleration': 'off',
};

/** Writes a user-data folder whose User/settings.json holds USER_SETTINGS. */
export function writeUserData(userDataDir) {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), `${JSON.stringify(USER_SETTINGS, null, 2)}\n`);
}

/** Copies examples/ into `dir` and adds the empty Dockerfile the snippet scenario types into. */
export function makeWorkspace(dir) {
  cpSync(join(ROOT, 'examples'), dir, { recursive: true });
  mkdirSync(join(dir, dirname(SCRATCH_DOCKERFILE)), { recursive: true });
  writeFileSync(join(dir, SCRATCH_DOCKERFILE), '');
  return dir;
}

/**
 * The CLI's findings for a workspace, as its JSON format gives them (file paths relative to the workspace).
 * The editor runs the same rules, so these are exactly the diagnostics it must show.
 */
export function lintWithCli(workspace, files = ['.']) {
  const cli = join(ROOT, 'dist', 'cli.js');
  if (!existsSync(cli)) throw new Error(`${relative(ROOT, cli)} is missing: build the project first (npm run build or npm run package)`);
  const out = run(process.execPath, [cli, 'lint', '--format', 'json', '--fail-on', 'never', ...files], { cwd: workspace });
  return JSON.parse(out).map((finding) => ({ ...finding, file: finding.file.split('\\').join('/') }));
}

/** How the Problems panel names a finding: `rule [Ln l, Col c]`, 1-based. */
export function problemKey(finding) {
  return `${finding.rule} [Ln ${finding.range.start.line + 1}, Col ${finding.range.start.character + 1}]`;
}

/** Applies LSP-style edits ({range, newText}, 0-based lines and characters) to a text. */
export function applyEdits(text, edits) {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = ({ line, character }) => (line < lineStarts.length ? lineStarts[line] + character : text.length);
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let result = text;
  for (const edit of sorted) result = result.slice(0, offset(edit.range.start)) + edit.newText + result.slice(offset(edit.range.end));
  return result;
}

/** The finding the quick-fix scenario fixes: a preferred one when the examples still have it, else the first fixable one. */
/** The title the editor shows for a fix of the CLI's JSON: unsafe fixes carry " (unsafe)". */
export function menuTitle(fix) {
  return fix.safe ? fix.title : `${fix.title} (unsafe)`;
}

export function pickFixable(findings, file) {
  const fixable = findings.filter((f) => f.file === file && f.fixes.some((fix) => !fix.title.startsWith('Ignore ')));
  const finding = fixable.find((f) => f.rule === 'apt-no-install-recommends') ?? fixable[0];
  if (!finding) return undefined;
  return { finding, fix: finding.fixes.find((fix) => !fix.title.startsWith('Ignore ')) };
}

/** The views a container in package.json contributes, by id: {container, view}. */
export function contributedViews() {
  const contributes = rootPackageJson().contributes ?? {};
  const containers = [...(contributes.viewsContainers?.activitybar ?? []), ...(contributes.viewsContainers?.panel ?? [])];
  const views = new Map();
  for (const [containerId, list] of Object.entries(contributes.views ?? {})) {
    const container = containers.find((c) => c.id === containerId) ?? { id: containerId, title: containerId };
    for (const view of list) views.set(view.id, { container, view });
  }
  return views;
}

/** Parses a .code-snippets file, which is JSON that may hold comments and trailing commas. */
function parseJsonc(text) {
  const stripped = text
    .replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (match, string) => string ?? '')
    .replace(/,(\s*[}\]])/g, '$1');
  return JSON.parse(stripped);
}

/**
 * A snippet contributed for `language` whose expansion this file can predict: tab stops and placeholders with
 * defaults, no choices, transforms, variables or nested placeholders. Prefers `preferredPrefix`.
 */
export function pickSnippet(language, preferredPrefix) {
  const entries = (rootPackageJson().contributes?.snippets ?? []).filter((s) => s.language === language);
  const candidates = [];
  for (const entry of entries) {
    const file = join(ROOT, entry.path);
    if (!existsSync(file)) continue;
    for (const [name, snippet] of Object.entries(parseJsonc(readFileSync(file, 'utf8')))) {
      const body = Array.isArray(snippet.body) ? snippet.body.join('\n') : String(snippet.body);
      const prefixes = Array.isArray(snippet.prefix) ? snippet.prefix : [snippet.prefix];
      const predictable = !/\$\{\d+\||\$\{\d+\/|\$\{?[A-Z_]{2,}|\$\{\d+:[^}]*\$\{/.test(body);
      if (predictable && prefixes[0]) candidates.push({ name, prefix: prefixes[0], body, file: relative(ROOT, file), expanded: expandSnippet(body) });
    }
  }
  return candidates.find((c) => c.prefix === preferredPrefix) ?? candidates[0];
}

/** The text VS Code inserts for a snippet body when every placeholder keeps its default (tabs become 4 spaces). */
export function expandSnippet(body) {
  const values = new Map();
  let text = body.replace(/\$\{(\d+):((?:[^}\\]|\\.)*)\}/g, (_, n, value) => {
    values.set(n, value);
    return value;
  });
  text = text.replace(/\$\{(\d+)\}|\$(\d+)/g, (_, a, b) => values.get(a ?? b) ?? '');
  text = text.replace(/\\([\\$}])/g, '$1');
  return text.replace(/^\t+/gm, (tabs) => '    '.repeat(tabs.length));
}

/** A DOCKML_E2E_* variable that run.mjs passes to the scenario files; throws when a file runs without run.mjs. */
export function runEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the scenarios through test/e2e/run.mjs`);
  return value;
}
