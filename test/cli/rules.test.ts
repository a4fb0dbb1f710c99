// `dockml rules`: every registered rule with its metadata, as a table and as JSON, and exit 2 on bad usage.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { rules } from '../../server/src/rules';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

function dockml(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('dockml rules', () => {
  it('lists every rule as JSON with kind, severity, fix safety, aliases and summary', () => {
    const { code, stdout } = dockml(['rules', '--format', 'json']);
    assert.equal(code, 0);
    const listed = JSON.parse(stdout) as { id: string; kind: string; severity: string; fixable: boolean; safe: unknown; aliases: { buildkit: string[]; hadolint: string[] }; summary: string }[];
    assert.deepEqual(listed.map((r) => r.id).sort(), rules.map((r) => r.id).sort());
    const json = listed.find((r) => r.id === 'shell-form-cmd')!;
    assert.deepEqual(json.aliases.buildkit, ['JSONArgsRecommended']);
    assert.equal(json.kind, 'dockerfile');
    assert.equal(json.fixable, true);
    assert.equal(json.safe, 'sometimes');
    const casing = listed.find((r) => r.id === 'stage-name-casing')!;
    assert.equal(casing.safe, true);
    assert.equal(casing.severity, 'warning');
    const unknown = listed.find((r) => r.id === 'unknown-instruction')!;
    assert.equal(unknown.severity, 'error');
    assert.equal(unknown.safe, false);
    const missing = listed.find((r) => r.id === 'missing-from')!;
    assert.equal(missing.safe, null);
    assert.match(missing.summary, /FROM/);
  });

  it('prints a table with a header, one line per rule, and the count', () => {
    const { code, stdout } = dockml(['rules']);
    assert.equal(code, 0);
    const lines = stdout.trimEnd().split('\n');
    assert.match(lines[0], /^RULE\s+KIND\s+SEVERITY\s+FIX\s+ALIASES\s+SUMMARY$/);
    assert.equal(lines.length, rules.length + 2);
    assert.match(stdout, /^maintainer-deprecated\s+dockerfile\s+warning\s+unsafe\s+MaintainerDeprecated,DL4000\s+The deprecated MAINTAINER instruction\.$/m);
    assert.equal(lines[lines.length - 1], `${rules.length} rules.`);
  });

  it('exits 2 with one line on bad usage', () => {
    for (const args of [['rules', 'Dockerfile'], ['rules', '--format', 'sarif'], ['rules', '--fail-on', 'error'], ['rules', '--format', 'yaml']]) {
      const { code, stdout, stderr } = dockml(args);
      assert.equal(code, 2, args.join(' '));
      assert.equal(stdout, '');
      assert.match(stderr, /^dockml: /);
    }
  });
});
