// Finding .dockml.yaml: the nearest one above a file wins, one that exists but cannot be read is a problem
// (never a reason to use the parent's), and a path thousands of folders deep is walked without recursion.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseProjectConfig, ProjectConfigResolver, ruleSeverity } from '../../server/src/analysis/settings';
import { rules } from '../../server/src/rules';
import { MemoryHost } from './memoryHost';

const RULES = new Set(['pip-no-cache-dir']);

describe('ProjectConfigResolver', () => {
  it('walks a path 20,000 folders deep to the configuration at its root', { timeout: 30_000 }, () => {
    const host = new MemoryHost({ '/.dockml.yaml': 'rules:\n  pip-no-cache-dir: off\n' });
    const deep = path.posix.join('/', ...Array<string>(20_000).fill('a'), 'Dockerfile');
    assert.deepEqual(new ProjectConfigResolver(host, RULES).forFile(deep)?.rules, { 'pip-no-cache-dir': 'off' });
  });

  it('reports a .dockml.yaml that exists but cannot be read, instead of using the parent one', () => {
    // In memory, a folder named .dockml.yaml exists but has no text.
    const host = new MemoryHost({ '/p/.dockml.yaml': 'rules:\n  pip-no-cache-dir: off\n', '/p/svc/.dockml.yaml/x': '' });
    const config = new ProjectConfigResolver(host, RULES).forFile('/p/svc/Dockerfile');
    assert.deepEqual(config, { path: '/p/svc/.dockml.yaml', rules: {}, problems: ['/p/svc/.dockml.yaml: cannot be read (it is not a readable file)'], unreadable: true });
  });
});

describe("the switch for Docker's own checks", () => {
  const ids = new Set(rules.map((r) => r.id));
  const byId = (id: string) => rules.find((r) => r.id === id)!;

  it('docker-checks: false in .dockml.yaml turns off the validity rules and BuildKit checks, and no other rule', () => {
    const config = parseProjectConfig('docker-checks: false\nrules:\n  from-as-casing: error\n', '/p/.dockml.yaml', ids);
    assert.deepEqual(config.problems, []);
    assert.equal(ruleSeverity(byId('unknown-instruction'), config), 'off');
    assert.equal(ruleSeverity(byId('stage-name-casing'), config), 'off');
    assert.equal(ruleSeverity(byId('pip-no-cache-dir'), config), 'warning');
    assert.equal(ruleSeverity(byId('from-as-casing'), config), 'error', 'a rule set explicitly still runs');
  });

  it('the editor setting wins over the file', () => {
    const config = parseProjectConfig('docker-checks: false\n', '/p/.dockml.yaml', ids);
    assert.equal(ruleSeverity(byId('unknown-flag'), config, { rules: {}, dockerChecks: true }), 'error');
    assert.equal(ruleSeverity(byId('unknown-flag'), undefined, { rules: {}, dockerChecks: false }), 'off');
  });

  it('reports a docker-checks value that is not a boolean', () => {
    assert.deepEqual(parseProjectConfig('docker-checks: maybe\n', '/p/.dockml.yaml', ids).problems, ['/p/.dockml.yaml: "docker-checks" must be true or false, not "maybe"']);
  });
});

describe('the per-rule settings of the Settings UI (dockml.rule.<id>)', () => {
  const ids = new Set(rules.map((r) => r.id));
  const byId = (id: string) => rules.find((r) => r.id === id)!;

  it('win over dockml.rules and .dockml.yaml; `default` leaves them in force', () => {
    const config = parseProjectConfig('rules:\n  pip-no-cache-dir: info\n', '/p/.dockml.yaml', ids);
    const pip = byId('pip-no-cache-dir');
    assert.equal(ruleSeverity(pip, config, { rules: { 'pip-no-cache-dir': 'error' }, rule: { 'pip-no-cache-dir': 'off' } }), 'off');
    assert.equal(ruleSeverity(pip, config, { rules: { 'pip-no-cache-dir': 'error' }, rule: { 'pip-no-cache-dir': 'default' } }), 'error');
    assert.equal(ruleSeverity(pip, config, { rules: {}, rule: { 'pip-no-cache-dir': 'default' } }), 'info');
    assert.equal(ruleSeverity(pip, undefined, { rules: {}, rule: { 'pip-no-cache-dir': 'default' } }), 'warning');
  });

  it('turn a Docker check back on when dockml.dockerChecks is off, and `default` keeps it off', () => {
    assert.equal(ruleSeverity(byId('unknown-flag'), undefined, { rules: {}, dockerChecks: false, rule: { 'unknown-flag': 'warning' } }), 'warning');
    assert.equal(ruleSeverity(byId('unknown-flag'), undefined, { rules: {}, dockerChecks: false, rule: { 'unknown-flag': 'default' } }), 'off');
  });
});
