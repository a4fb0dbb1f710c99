// Keeps package.json's contributions and the explorer code in step: every command registered is contributed and the other way round,
// the views are the ones the code creates, and every setting the code reads is declared.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { STATE_COMMANDS } from '../../client/src/explorer/model';
import { VIEWS } from '../../client/src/explorer/views';

const folder = path.join(__dirname, '..', '..', 'client', 'src', 'explorer');
const contributes = JSON.parse(fs.readFileSync(path.join(folder, '..', '..', '..', 'package.json'), 'utf8')).contributes;
/** Every setting, from all the configuration sections (the general one and "DockML: Rules"). */
const settings: Record<string, { scope?: string }> = Object.assign({}, ...contributes.configuration.map((s: { properties: object }) => s.properties));
const source = (fs.readdirSync(folder, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.ts'))
  .map((f) => fs.readFileSync(path.join(folder, f), 'utf8'))
  .join('\n');

describe('package.json contributions of the explorer', () => {
  const contributed: string[] = contributes.commands.map((c: { command: string }) => c.command).filter((c: string) => c.startsWith('dockml.explorer.'));

  it('contributes exactly the commands the explorer registers, each with a title, category and codicon', () => {
    const registered = [...source.matchAll(/register\('([\w.]+)'/g)].map((m) => m[1]);
    // The start, stop and restart commands are registered in one loop over their names.
    for (const action of ['start', 'stop', 'restart']) registered.push(`dockml.explorer.${action}Container`);
    assert.deepEqual([...contributed].sort(), [...registered].sort());
    for (const command of contributes.commands.filter((c: { command: string }) => contributed.includes(c.command))) {
      assert.equal(command.category, 'DockML');
      assert.match(command.icon, /^\$\([a-z-]+\)$/);
      assert.ok(command.title);
    }
    for (const id of Object.values(STATE_COMMANDS)) assert.ok(contributed.includes(id), `${id} is run by a state node`);
  });

  it('declares the views the code creates, in the DockML container', () => {
    assert.deepEqual(
      contributes.views.dockml.map((v: { id: string }) => v.id),
      VIEWS.map((v) => `dockml.${v}`),
    );
    assert.equal(contributes.viewsContainers.activitybar[0].id, 'dockml');
    assert.ok(fs.existsSync(path.join(folder, '..', '..', '..', contributes.viewsContainers.activitybar[0].icon)));
  });

  it('menus name only contributed commands and only context values the nodes use', () => {
    const menus = Object.values(contributes.menus).flat() as Array<{ command: string; when?: string }>;
    // The command palette also lists editor commands (dockml.fixAll): any contributed command may be in a menu.
    const all: string[] = contributes.commands.map((c: { command: string }) => c.command);
    for (const item of menus) assert.ok(all.includes(item.command), item.command);
    const removable = menus.find((m) => m.command === 'dockml.explorer.remove')!.when!;
    assert.ok(!/builtin/.test(removable), 'built-in networks get no remove entry');
  });

  it('declares every setting the explorer reads', () => {
    const properties = Object.keys(settings);
    for (const key of ['dockml.docker.host', 'dockml.compose.path', 'dockml.explorer.groupByProject', 'dockml.explorer.sortBy']) assert.ok(properties.includes(key), key);
    assert.match(source, /setting: config\.dockerHost/);
    assert.match(source, /get<boolean>\('groupByProject'/);
    assert.match(source, /get<string>\('sortBy'\)/);
  });

  it('lets only the user choose the engine: dockml.docker.host is machine-scoped, so a workspace cannot set it', () => {
    assert.equal(settings['dockml.docker.host'].scope, 'machine');
    // The Compose program is run on the user's machine, so a workspace must not choose it either.
    assert.equal(settings['dockml.compose.path'].scope, 'machine');
  });
});
