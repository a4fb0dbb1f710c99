// The status bar text for each server state and problem count.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { statusText } from '../../../client/src/statusText';

describe('status bar text', () => {
  it('shows the server state when it is not running', () => {
    assert.equal(statusText('starting', { errors: 0, warnings: 0, infos: 0 }).text, '$(loading~spin) DockML');
    assert.match(statusText('stopped', { errors: 0, warnings: 0, infos: 0 }).tooltip, /Restart Language Server/);
    assert.match(statusText('disabled', { errors: 3, warnings: 0, infos: 0 }).tooltip, /disabled/);
  });

  it('counts problems, infos included, with singular and plural in the tooltip', () => {
    assert.equal(statusText('running', { errors: 0, warnings: 0, infos: 0 }).text, '$(check) DockML');
    const others = { errors: 4, warnings: 2, infos: 1 };
    const some = statusText('running', { errors: 1, warnings: 2, infos: 1 }, others);
    assert.equal(some.text, 'DockML $(error) 1 $(warning) 2 $(info) 1');
    assert.equal(some.tooltip, 'DockML: 1 error, 2 warnings, 1 info in open files. Click to open the Problems panel.');
    assert.equal(statusText('running', { errors: 0, warnings: 0, infos: 3 }, others).text, 'DockML $(info) 3');
  });

  it("does not repeat VS Code's counters when every problem is DockML's", () => {
    const only = statusText('running', { errors: 1, warnings: 2, infos: 0 }, { errors: 1, warnings: 2, infos: 0 });
    assert.equal(only.text, 'DockML');
    assert.match(only.tooltip, /1 error, 2 warnings/);
  });
});
