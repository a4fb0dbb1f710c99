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
