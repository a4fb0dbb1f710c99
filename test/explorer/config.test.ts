// The settings reader for the engine address: a workspace's value is ignored, the user's is used.
import assert from 'node:assert/strict';
import Module from 'node:module';
import { describe, it } from 'node:test';

/** What `inspect('host')` answers in the test: the values each settings scope holds. */
let inspected: { defaultValue?: string; globalValue?: string; workspaceValue?: string; workspaceFolderValue?: string } = {};
const fakeVscode = {
  workspace: {
    getConfiguration: (section: string) => ({
      inspect: (key: string) => (section === 'dockml.docker' && key === 'host' ? inspected : undefined),
      get: () => assert.fail('the engine address must be read with inspect, so the scope of each value is known'),
    }),
  },
};

// config.ts imports vscode, which only exists inside the editor; the test hands it a stand-in with the same API.
const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const load = loader._load;
loader._load = function (request: string, ...rest: unknown[]) {
  return request === 'vscode' ? fakeVscode : load.call(this, request, ...rest);
};
const { config } = require('../../client/src/config') as typeof import('../../client/src/config');
loader._load = load;

describe('config.dockerHost', () => {
  it('ignores an engine address set by the workspace or a folder', () => {
    inspected = { defaultValue: '', workspaceValue: 'tcp://attacker.example:2375', workspaceFolderValue: 'ssh://evil@host' };
    assert.equal(config.dockerHost, '');
  });

  it("uses the user's own setting, and the default without one", () => {
    inspected = { defaultValue: '', globalValue: 'unix:///run/user/1000/podman/podman.sock', workspaceValue: 'tcp://attacker.example:2375' };
    assert.equal(config.dockerHost, 'unix:///run/user/1000/podman/podman.sock');
    inspected = { defaultValue: '' };
    assert.equal(config.dockerHost, '');
  });
});
