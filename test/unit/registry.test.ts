// Checks the rule registry the way ESLint checks its own: every rule file is registered, and every
// registered rule has a unique kebab-case id, complete docs, a current docs page and a table test.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/diagnostics';
import { rules } from '../../server/src/rules';
import { renderRuleDoc, renderRuleIndex, ruleSettingsSchema, RULES_SECTION, rulesSettingSchema } from '../../server/src/rules/docs';
import type { ContextSize } from '../../server/src/project/contextSize';
import { MemoryHost } from './memoryHost';
import { applyIgnore } from './ruleTester';

const root = path.join(__dirname, '..', '..');

/** What the example projects' folders hold, measured: data sets and checkpoints beside a little code. */
const ML_PROJECT: ContextSize = {
  dir: '/project',
  bytes: 11_402_000_000,
  files: 1210,
  entries: [
    { name: 'datasets/', bytes: 9_100_000_000, files: 1000 },
    { name: 'checkpoints/', bytes: 2_300_000_000, files: 10 },
    { name: 'src/', bytes: 2_000_000, files: 200 },
  ],
  complete: true,
  elapsedMs: 1,
};

describe('rule registry', () => {
  it('registers every rule file, under the id that is its file name', () => {
    for (const kind of ['dockerfile', 'compose']) {
      const folder = path.join(root, 'server', 'src', 'rules', kind);
      const files = fs.existsSync(folder) ? fs.readdirSync(folder).filter((f) => f.endsWith('.ts')) : [];
      for (const file of files) {
        const id = file.replace(/\.ts$/, '');
        const rule = rules.find((r) => r.id === id);
        assert.ok(rule, `${kind}/${file} is not registered in server/src/rules/index.ts`);
        assert.equal(rule.kind, kind, `${id} lives in rules/${kind}/ but says it is a ${rule.kind} rule`);
      }
    }
  });

  it('has unique kebab-case ids', () => {
    const ids = rules.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) assert.match(id, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
  });

  it('has docs and a current docs page for every rule, and an index listing them', () => {
    for (const rule of rules) {
      for (const key of ['summary', 'rationale', 'bad', 'good'] as const) {
        assert.ok(rule.docs[key].trim().length > 0, `${rule.id} has no docs.${key}`);
      }
      assert.ok(Object.keys(rule.messages).length > 0, `${rule.id} has no messages`);
      const page = path.join(root, 'docs', 'rules', `${rule.id}.md`);
      assert.ok(fs.existsSync(page), `docs/rules/${rule.id}.md is missing: run npm run docs`);
      assert.equal(fs.readFileSync(page, 'utf8'), renderRuleDoc(rule), `docs/rules/${rule.id}.md is stale: run npm run docs`);
    }
    assert.equal(fs.readFileSync(path.join(root, 'docs', 'rules', 'README.md'), 'utf8'), renderRuleIndex(rules), 'docs/rules/README.md is stale: run npm run docs');
  });

  it('says on the docs page of every fixable rule whether its fixes are safe, and of no other rule', () => {
    for (const rule of rules) {
      const safety = rule.docs.fixSafety;
      if (!rule.fixable) {
        assert.equal(safety, undefined, `${rule.id} has no fix, yet declares docs.fixSafety`);
        continue;
      }
      assert.ok(safety === 'safe' || safety === 'unsafe' || (typeof safety === 'object' && safety.sometimes.trim().length > 0), `${rule.id} is fixable: declare docs.fixSafety`);
      const page = renderRuleDoc(rule);
      assert.match(page, /^- Fix: (safe: applied by `dockml fix`|unsafe: offered as a quick fix, applied in bulk only by `dockml fix --unsafe`|sometimes safe: \S)/m, `${rule.id}'s page has a Fix line`);
    }
  });

  it('describes every rule in the dockml.rules setting schema of package.json', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const general = manifest.contributes.configuration.find((s: { title: string }) => s.title === 'DockML');
    assert.deepEqual(general.properties['dockml.rules'].properties, rulesSettingSchema(rules), 'package.json is stale: run npm run docs');
  });

  it('gives every rule a setting of its own in the "DockML: Rules" section, found in the Settings UI by its id', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const section = manifest.contributes.configuration.find((s: { title: string }) => s.title === RULES_SECTION);
    assert.ok(section, 'package.json has a "DockML: Rules" configuration section: run npm run docs');
    assert.deepEqual(section.properties, ruleSettingsSchema(rules), 'package.json is stale: run npm run docs');
    assert.equal(Object.keys(section.properties).length, rules.length);
    for (const rule of rules) {
      const setting = section.properties[`dockml.rule.${rule.id}`];
      assert.ok(setting, `no setting for ${rule.id}`);
      assert.equal(setting.default, 'default');
      assert.deepEqual(setting.enum, ['default', 'error', 'warning', 'info', 'hint', 'off']);
      assert.ok(setting.markdownDescription.includes(`\`${rule.id}\``) && setting.markdownDescription.includes(rule.docs.summary), `${rule.id}'s setting names it and gives its summary`);
      assert.match(setting.markdownEnumDescriptions[0], new RegExp(`\`${rule.severity}\``), `${rule.id}'s "default" says its own severity`);
    }
  });

  it('has a table test for every rule', () => {
    for (const rule of rules) {
      const test = path.join(root, 'test', 'unit', 'rules', rule.kind, `${rule.id}.test.ts`);
      assert.ok(fs.existsSync(test), `test/unit/rules/${rule.kind}/${rule.id}.test.ts is missing`);
      assert.match(fs.readFileSync(test, 'utf8'), /ruleTester\(rule,/, `${rule.id}'s test does not use ruleTester`);
    }
  });

  it("reports the docs' bad example and stays silent on the good one", () => {
    for (const rule of rules) {
      // The good example is linted in a project that has a .dockerignore, the bad one in a bare folder; both folders
      // hold an ML project's data sets and checkpoints beside the code.
      const file = rule.kind === 'compose' ? '/project/compose.yaml' : '/project/Dockerfile';
      const lint = (text: string, files: Record<string, string>) => {
        const host = new MemoryHost(files);
        const contextSize = (dir: string, ignoreFile: string | undefined) => applyIgnore({ ...ML_PROJECT, dir }, ignoreFile && host.readFile(ignoreFile));
        return analyze({ kind: rule.kind, text, path: file, files: host, rules: [rule], severity: (r) => r.severity, contextSize }).findings;
      };
      const own = Object.fromEntries(Object.entries(rule.docs.files ?? {}).map(([name, text]) => [`/project/${name}`, text]));
      assert.ok(lint(rule.docs.bad, own).length > 0, `${rule.id}: docs.bad is not reported`);
      assert.deepEqual(lint(rule.docs.good, { '/project/.dockerignore': '.git\ndatasets/\ncheckpoints/\n', ...own }).map((f) => f.message), [], `${rule.id}: docs.good is reported`);
    }
  });
});
