// The Images view's commands: remove an image, prune unused images, and open the Dockerfile line a layer came from.
import * as vscode from 'vscode';
import { imageName, imageTags } from '../../build/history';
import type { CommandKit } from '../kit';
import { formatBytes, type ExplorerNode } from '../model';
import { prune } from '../removal';
import { ImageRef, removeImage } from './actions';

export function registerImageCommands(kit: CommandKit): void {
  // From a tree node, or asked for from the palette among the local images.
  const imageOf = async (node: ExplorerNode | undefined): Promise<ImageRef | undefined> => {
    if (node?.resource?.type === 'image') return node.resource;
    const images = await kit.engine().listImages();
    if (images.length === 0) {
      void vscode.window.showInformationMessage('No local image.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      images.map((i) => ({
        label: imageName(i),
        description: [imageTags(i).length === 0 ? 'dangling' : undefined, i.Size !== undefined ? formatBytes(i.Size) : undefined].filter(Boolean).join(' · '),
        ref: { type: 'image' as const, id: i.Id, name: imageName(i), tags: imageTags(i), size: i.Size, containers: [] },
      })),
      { title: 'Choose an image', matchOnDescription: true },
    );
    return picked?.ref;
  };

  kit.register('dockml.explorer.removeImage', async (node?: ExplorerNode) => {
    const ref = await imageOf(node);
    if (ref) await kit.report(await removeImage(kit.engine(), ref, kit.ui), 'all');
  });
  kit.register('dockml.explorer.pruneImages', async () => kit.report(await prune(kit.engine(), 'image', kit.ui), 'images'));
  // The layer nodes run it (OPEN_LAYER_LINE) with the Dockerfile and the 0-based line.
  kit.register('dockml.explorer.openLayerLine', async (file: string, line: number) => {
    const position = new vscode.Position(line, 0);
    await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(position, position) });
  });
}
