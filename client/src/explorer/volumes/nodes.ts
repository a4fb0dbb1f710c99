// The Volumes view's nodes: each volume with its size and users, and the containers that mount it.
import type { NodeMemo } from '../changes';
import {
  containerChildNode,
  ContainerJson,
  containerName,
  containerUser,
  ExplorerNode,
  formatBytes,
  groupByProject,
  humanTime,
  labelLines,
  lazyTooltip,
  PROJECT_LABEL,
  sortResources,
  STATE_COMMANDS,
  ViewSettings,
  VolumeJson,
  VolumeMount,
  volumeMounts,
  VolumeUsage,
} from '../model';

/** Volume sizes known so far, and whether a /system/df request that may bring more is under way. */
export interface UsageView {
  sizes: ReadonlyMap<string, VolumeUsage>;
  loading: boolean;
}

/** `memo` keeps the nodes of volumes whose JSON, size and mounting containers are the same objects as last time. */
export function buildVolumeNodes(
  volumes: VolumeJson[],
  containers: ContainerJson[],
  usage: UsageView,
  settings: ViewSettings,
  memo?: NodeMemo<VolumeJson>,
): ExplorerNode[] {
  if (volumes.length === 0) {
    return [
      {
        id: 'state:empty',
        label: 'No volumes',
        description: 'Create one for model weights or checkpoints',
        icon: { id: 'info' },
        contextValue: 'state.empty',
        command: { command: STATE_COMMANDS.createVolume, title: 'Create Volume…' },
      },
    ];
  }
  const mountsOf = volumeMounts(containers);
  const nodes = sortResources(volumes, settings, (v) => v.CreatedAt).map((v) => {
    const mounts = mountsOf(v);
    const build = () => volumeNode(v, mounts, usage, settings);
    const inputs = [settings.groupByProject, usage.sizes.get(v.Name), usage.loading, ...mounts.flatMap((m) => [m.container, m.destination, m.rw])];
    return memo ? memo.node(v, inputs, build) : build();
  });
  return settings.groupByProject ? groupByProject(nodes, 'volume') : nodes;
}

function volumeNode(volume: VolumeJson, mounts: VolumeMount[], usage: UsageView, settings: ViewSettings): ExplorerNode {
  const labels = volume.Labels ?? {};
  const project = labels[PROJECT_LABEL];
  const use = usage.sizes.get(volume.Name);
  const anonymous = /^[0-9a-f]{64}$/.test(volume.Name);
  const sizeText = use ? (use.size >= 0 ? formatBytes(use.size) : 'size n/a') : usage.loading ? 'size …' : 'size n/a';
  const description = [
    anonymous && 'anonymous',
    sizeText,
    mounts.length === 0 ? 'unused' : `${mounts.length} container${mounts.length === 1 ? '' : 's'}`,
    volume.Driver && volume.Driver !== 'local' && volume.Driver,
    !settings.groupByProject && project && `project ${project}`,
  ].filter(Boolean);
  const tooltip = (): string =>
    [
      `**Volume ${volume.Name}**`,
      '',
      `- Driver: ${volume.Driver ?? '?'}, scope: ${volume.Scope ?? 'local'}`,
      `- Size: ${use ? formatBytes(use.size) : usage.loading ? 'being computed' : 'not reported by the engine'}`,
      ...(use ? [`- References (engine): ${use.refCount}`] : []),
      `- Mountpoint: \`${volume.Mountpoint ?? '?'}\``,
      ...(project ? [`- Compose project: ${project}, volume \`${labels['com.docker.compose.volume'] ?? '?'}\``] : []),
      ...(volume.CreatedAt ? [`- Created: ${humanTime(volume.CreatedAt)}`] : []),
      `- Mounted by: ${mounts.length === 0 ? 'no container (unused)' : mounts.map((m) => `${containerName(m.container)} at ${m.destination}`).join(', ')}`,
      ...labelLines(labels),
    ].join('\n');
  const children = mounts.map(({ container, destination, rw }) =>
    containerChildNode(
      `volume:${volume.Name}/container:${container.Id}:${destination}`,
      container,
      [destination, rw ? 'rw' : 'ro', container.State].filter(Boolean).join(' · '),
      [`- Mounted at: \`${destination}\` (${rw ? 'read-write' : 'read-only'})`],
    ),
  );
  const node: ExplorerNode = {
    id: `volume:${volume.Name}`,
    label: anonymous ? volume.Name.slice(0, 12) : volume.Name,
    description: description.join(' · '),
    icon: mounts.length === 0 ? { id: 'database', color: 'disabledForeground' } : { id: 'database' },
    contextValue: mounts.length === 0 ? 'volume.unused' : 'volume',
    children,
    resource: {
      type: 'volume',
      name: volume.Name,
      project,
      composeKey: labels['com.docker.compose.volume'],
      users: mounts.map((m) => containerUser(m.container)),
      size: use && use.size >= 0 ? use.size : undefined,
    },
  };
  return lazyTooltip(node, tooltip);
}
