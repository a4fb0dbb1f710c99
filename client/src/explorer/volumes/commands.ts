// The Volumes view's own command: create a volume, its name checked before the engine is called.
import * as vscode from 'vscode';
import type { CommandKit } from '../kit';
import { createVolume, validateVolumeName } from './actions';

export function registerVolumeCommands(kit: CommandKit): void {
  kit.register('dockml.explorer.createVolume', async () => {
    const names = (await kit.engine().listVolumes()).map((v) => v.Name);
    const name = await vscode.window.showInputBox({
      title: 'Create Volume',
      placeHolder: 'model-weights',
      validateInput: (value) => validateVolumeName(value.trim(), names),
    });
    if (name === undefined) return;
    await kit.report(await createVolume(kit.engine(), { name: name.trim(), driver: 'local' }), 'volumes');
  });
}
