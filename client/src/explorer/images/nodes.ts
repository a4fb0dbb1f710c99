// The Images view's nodes: each local image once, with its tags, size, age, dangling mark and the containers created
// from it; under it, its layers with their size and the instruction that made each, linked to the Dockerfile line
// when the image was built from a Dockerfile in the workspace.
import * as path from 'node:path';
import { historyInstruction, imageName, imageTags } from '../../build/history';
import { ago, ContainerJson, containerName, ExplorerNode, formatBytes, HistoryJson, humanTime, ImageJson, labelLines, ViewSettings } from '../model';

/** The command a layer linked to a Dockerfile line runs when clicked. */
export const OPEN_LAYER_LINE = 'dockml.explorer.openLayerLine';

/** What is known of an image's layers: its history (or why it could not be read), and the Dockerfile that made it. */
export interface LayerFacts {
  histories: ReadonlyMap<string, HistoryJson[] | { error: string }>;
  sources: ReadonlyMap<string, { file: string; lines: ReadonlyMap<number, number> }>;
  /** Whether histories are being read, so a missing one is on its way. */
  loading: boolean;
}

/** The containers created from each image, by image ID. */
export function containersByImage(containers: ContainerJson[]): Map<string, ContainerJson[]> {
  const users = new Map<string, ContainerJson[]>();
  for (const container of containers) {
    if (container.ImageID) users.set(container.ImageID, [...(users.get(container.ImageID) ?? []), container]);
  }
  return users;
}

/** Tagged images by name (or newest first when sorted by creation), then dangling ones, newest first. */
export function buildImageNodes(images: ImageJson[], containers: ContainerJson[], facts: LayerFacts, settings: ViewSettings, now = Date.now()): ExplorerNode[] {
  if (images.length === 0) {
    return [{ id: 'state:empty', label: 'No images', description: 'Build one from a Dockerfile, or pull one', icon: { id: 'info' }, contextValue: 'state.empty' }];
  }
  const users = containersByImage(containers);
  const newest = (a: ImageJson, b: ImageJson) => (b.Created ?? 0) - (a.Created ?? 0);
  const tagged = images.filter((i) => imageTags(i).length > 0);
  const dangling = images.filter((i) => imageTags(i).length === 0).sort(newest);
  tagged.sort(settings.sortBy === 'created' ? (a, b) => newest(a, b) || imageName(a).localeCompare(imageName(b)) : (a, b) => imageName(a).localeCompare(imageName(b)));
  return [...tagged, ...dangling].map((image) => imageNode(image, users.get(image.Id) ?? [], facts, now));
}

function imageNode(image: ImageJson, users: ContainerJson[], facts: LayerFacts, now: number): ExplorerNode {
  const tags = imageTags(image);
  const shortId = image.Id.replace(/^sha256:/, '').slice(0, 12);
  const dangling = tags.length === 0;
  const description = [
    dangling ? `dangling · ${shortId}` : undefined,
    tags.length > 1 ? `also ${tags.slice(1, 4).join(', ')}${tags.length > 4 ? ` and ${tags.length - 4} more` : ''}` : undefined,
    image.Size !== undefined ? formatBytes(image.Size) : undefined,
    image.Created ? ago(now - image.Created * 1000) : undefined,
    users.length === 0 ? 'unused' : `${users.length} container${users.length === 1 ? '' : 's'}`,
  ].filter(Boolean);
  const source = facts.sources.get(image.Id);
  const tooltip = [
    `**Image ${dangling ? `<none> (${shortId})` : tags[0]}**`,
    '',
    `- ID: \`${shortId}\``,
    ...(tags.length > 0 ? [`- Tags: ${tags.join(', ')}`] : ['- Dangling: no tag names it (a newer build or pull took its tag); `docker image prune` removes it']),
    ...(image.Size !== undefined ? [`- Size: ${formatBytes(image.Size)}`] : []),
    ...(image.Created ? [`- Created: ${humanTime(image.Created, now)}`] : []),
    `- Containers: ${users.length === 0 ? 'none (unused)' : users.map((c) => `${containerName(c)} (${c.State ?? '?'})`).join(', ')}`,
    ...(source ? [`- Built from: \`${source.file}\``] : []),
    ...labelLines(image.Labels ?? {}),
  ].join('\n');
  return {
    id: `image:${image.Id}`,
    label: dangling ? '<none>' : tags[0],
    description: description.join(' · '),
    tooltip,
    icon: dangling || users.length === 0 ? { id: 'package', color: 'disabledForeground' } : { id: 'package' },
    contextValue: dangling ? 'image.dangling' : 'image',
    children: layerNodes(image, facts, now),
    resource: {
      type: 'image',
      id: image.Id,
      name: imageName(image),
      tags,
      size: image.Size,
      containers: users.map((c) => `${containerName(c)} (${c.State ?? 'unknown'})`),
    },
  };
}

/** The image's layers, oldest first as a Dockerfile reads, or a note while they are read or when they cannot be. */
function layerNodes(image: ImageJson, facts: LayerFacts, now: number): ExplorerNode[] {
  const history = facts.histories.get(image.Id);
  if (!history) {
    const label = facts.loading ? 'Reading layers…' : 'Layers not read yet';
    return [{ id: `image:${image.Id}/state:layers`, label, icon: { id: 'loading~spin' }, contextValue: 'state.loading' }];
  }
  if ('error' in history) {
    return [{ id: `image:${image.Id}/state:layers`, label: 'Layers could not be read', description: history.error, tooltip: history.error, icon: { id: 'warning' }, contextValue: 'state.detail' }];
  }
  const source = facts.sources.get(image.Id);
  return history
    .map((entry, index) => {
      const line = source?.lines.get(index);
      const instruction = historyInstruction(entry);
      const where = line !== undefined && source ? `${path.basename(source.file)}:${line + 1}` : undefined;
      const node: ExplorerNode = {
        id: `image:${image.Id}/layer:${history.length - index}`,
        label: instruction.length > 120 ? `${instruction.slice(0, 119)}…` : instruction,
        description: [formatBytes(entry.Size ?? 0), where].filter(Boolean).join(' · '),
        tooltip: [
          '```',
          entry.CreatedBy || instruction,
          '```',
          '',
          `- Size: ${formatBytes(entry.Size ?? 0)}`,
          ...(entry.Created ? [`- Created: ${humanTime(entry.Created, now)}`] : []),
          ...(entry.Id && entry.Id !== '<missing>' ? [`- Image: \`${entry.Id.replace(/^sha256:/, '').slice(0, 12)}\``] : []),
          ...(entry.Comment ? [`- Comment: ${entry.Comment}`] : []),
          ...(where && source ? [`- Made by line ${line! + 1} of \`${source.file}\` (click to open it)`] : []),
        ].join('\n'),
        icon: { id: (entry.Size ?? 0) > 0 ? 'layers' : 'symbol-property' },
        contextValue: 'layer',
      };
      if (line !== undefined && source) node.command = { command: OPEN_LAYER_LINE, title: 'Open Dockerfile Line', arguments: [source.file, line] };
      return node;
    })
    .reverse();
}
