// Builds the explorer's tree nodes from Engine API JSON: what a user sees for networks, volumes and states.
//
// Nothing here talks to the engine or to VS Code. The tree adapter shows an `ExplorerNode` as it is
// (label, description, tooltip, icon, contextValue, children), so tests of these functions test the tree.
import type { EngineFault } from './errors';

/** The two views of the explorer. */
export type ViewId = 'networks' | 'volumes';

/** The fields of GET /networks that the explorer reads. */
export interface NetworkJson {
  Name: string;
  Id: string;
  Created?: string;
  Scope?: string;
  Driver?: string;
  EnableIPv6?: boolean;
  IPAM?: { Driver?: string; Config?: Array<{ Subnet?: string; Gateway?: string; IPRange?: string }> | null };
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  Options?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
}

/** The fields of GET /volumes (one entry of `Volumes`) that the explorer reads. */
export interface VolumeJson {
  Name: string;
  Driver?: string;
  Mountpoint?: string;
  CreatedAt?: string;
  Scope?: string;
  Labels?: Record<string, string> | null;
  Options?: Record<string, string> | null;
}

/** The fields of GET /containers/json?all=true that the explorer reads. */
export interface ContainerJson {
  Id: string;
  Names?: string[];
  Image?: string;
  State?: string;
  Status?: string;
  Labels?: Record<string, string> | null;
  NetworkSettings?: {
    Networks?: Record<
      string,
      { NetworkID?: string; IPAddress?: string; IPPrefixLen?: number; GlobalIPv6Address?: string; MacAddress?: string; Aliases?: string[] | null }
    > | null;
  } | null;
  Mounts?: Array<{ Type?: string; Name?: string; Source?: string; Destination?: string; RW?: boolean; Mode?: string }> | null;
}

/** What GET /system/df says about one volume: its size in bytes (-1 when the driver cannot tell) and references. */
export interface VolumeUsage {
  size: number;
  refCount: number;
}

/** The object a node stands for, handed to commands invoked on it. */
export type ResourceRef =
  | { type: 'network'; id: string; name: string; builtin: boolean; project?: string; composeKey?: string; users: string[] }
  | { type: 'volume'; name: string; project?: string; composeKey?: string; users: string[]; size?: number }
  | { type: 'container'; id: string; name: string };

export interface ExplorerNode {
  /** Unique within its view and stable across refreshes, so expansion and selection survive them. */
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  /** A codicon id and, optionally, a theme color id. */
  icon?: { id: string; color?: string };
  /** Drives the context menus: network, network.builtin, volume, volume.unused, container, project, state.*. */
  contextValue: string;
  /** Child nodes; undefined for a leaf. */
  children?: ExplorerNode[];
  /** Whether a node with children starts expanded. */
  expanded?: boolean;
  /** What clicking the node runs (used by the state nodes' actions). */
  command?: { command: string; title: string; arguments?: unknown[] };
  resource?: ResourceRef;
}

/** Volume sizes known so far, and whether a /system/df request that may bring more is under way. */
export interface UsageView {
  sizes: ReadonlyMap<string, VolumeUsage>;
  loading: boolean;
}

export interface ViewSettings {
  groupByProject: boolean;
  sortBy: 'name' | 'created';
}

/** Command ids the state nodes run. */
export const STATE_COMMANDS = {
  retry: 'dockml.explorer.refresh',
  openSettings: 'dockml.explorer.openSettings',
  createVolume: 'dockml.explorer.createVolume',
} as const;

/** The label Compose puts on every object of a project. */
export const PROJECT_LABEL = 'com.docker.compose.project';
const BUILTIN_NETWORKS = new Set(['bridge', 'host', 'none', 'podman']);

export function isBuiltinNetwork(network: Pick<NetworkJson, 'Name'>): boolean {
  return BUILTIN_NETWORKS.has(network.Name);
}

export function containerName(container: ContainerJson): string {
  return container.Names?.[0]?.replace(/^\//, '') ?? container.Id.slice(0, 12);
}

/** A container as its users are named in messages: "trainer (running)". */
export function containerUser(container: ContainerJson): string {
  return `${containerName(container)} (${container.State ?? 'unknown'})`;
}

/** The containers attached to a network, matched by network id (names can be reused after a remove). */
export function containersOnNetwork(network: NetworkJson, containers: ContainerJson[]): Array<{ container: ContainerJson; ip?: string }> {
  const result: Array<{ container: ContainerJson; ip?: string }> = [];
  for (const container of containers) {
    for (const [name, attachment] of Object.entries(container.NetworkSettings?.Networks ?? {})) {
      if (attachment.NetworkID ? attachment.NetworkID === network.Id : name === network.Name) {
        result.push({ container, ip: attachment.IPAddress ? `${attachment.IPAddress}/${attachment.IPPrefixLen}` : undefined });
      }
    }
  }
  return result.sort((a, b) => containerName(a.container).localeCompare(containerName(b.container)));
}

/** The containers that mount a volume, with where and how. */
export function containersMountingVolume(
  volume: VolumeJson,
  containers: ContainerJson[],
): Array<{ container: ContainerJson; destination: string; rw: boolean }> {
  const result: Array<{ container: ContainerJson; destination: string; rw: boolean }> = [];
  for (const container of containers) {
    for (const mount of container.Mounts ?? []) {
      if (mount.Type === 'volume' && mount.Name === volume.Name) {
        result.push({ container, destination: mount.Destination ?? '?', rw: mount.RW !== false });
      }
    }
  }
  return result.sort((a, b) => containerName(a.container).localeCompare(containerName(b.container)));
}

/** Sizes as the docker CLI prints them: decimal units, three significant digits; "n/a" for an unknown (-1) size. */
export function formatBytes(bytes: number): string {
  if (bytes < 0) return 'n/a';
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toPrecision(3).replace(/\.?0+$/, '')} ${units[unit]}`;
}

export function buildNetworkNodes(networks: NetworkJson[], containers: ContainerJson[], settings: ViewSettings): ExplorerNode[] {
  const custom = networks.filter((n) => !isBuiltinNetwork(n));
  const builtin = networks.filter((n) => isBuiltinNetwork(n));
  const ordered = [...sortResources(custom, settings, (n) => n.Created), ...sortResources(builtin, settings, (n) => n.Created)];
  const nodes = ordered.map((n) => networkNode(n, containers, settings));
  return settings.groupByProject ? groupByProject(nodes, 'network') : nodes;
}

export function buildVolumeNodes(
  volumes: VolumeJson[],
  containers: ContainerJson[],
  usage: UsageView,
  settings: ViewSettings,
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
  const nodes = sortResources(volumes, settings, (v) => v.CreatedAt).map((v) => volumeNode(v, containers, usage, settings));
  return settings.groupByProject ? groupByProject(nodes, 'volume') : nodes;
}

function networkNode(network: NetworkJson, containers: ContainerJson[], settings: ViewSettings): ExplorerNode {
  const builtin = isBuiltinNetwork(network);
  const labels = network.Labels ?? {};
  const project = labels[PROJECT_LABEL];
  const attached = containersOnNetwork(network, containers);
  const ipam = (network.IPAM?.Config ?? []).filter((c) => c.Subnet);
  const badges = [network.Internal && 'internal', network.Attachable && 'attachable', network.Ingress && 'ingress', network.EnableIPv6 && 'IPv6', builtin && 'built-in'];
  const description = [
    `${network.Driver ?? '?'} (${network.Scope ?? 'local'})`,
    ipam.map((c) => c.Subnet).join(', '),
    ...badges,
    !settings.groupByProject && project && `project ${project}`,
  ].filter(Boolean);
  const tooltip = [
    `**Network ${network.Name}**${builtin ? ' (built-in, protected)' : ''}`,
    '',
    `- ID: \`${network.Id.slice(0, 12)}\``,
    `- Driver: ${network.Driver ?? '?'}, scope: ${network.Scope ?? 'local'}`,
    ...ipam.map((c) => `- Subnet: ${c.Subnet}${c.Gateway ? `, gateway ${c.Gateway}` : ''}${c.IPRange ? `, range ${c.IPRange}` : ''}`),
    `- Internal: ${network.Internal ? 'yes (no route outside)' : 'no'}; attachable: ${network.Attachable ? 'yes' : 'no'}`,
    ...(project ? [`- Compose project: ${project}, network \`${labels['com.docker.compose.network'] ?? '?'}\``] : []),
    ...(network.Created ? [`- Created: ${network.Created}`] : []),
    `- Containers: ${attached.length === 0 ? 'none' : attached.map((a) => containerName(a.container)).join(', ')}`,
    ...labelLines(labels),
  ].join('\n');
  const children = attached.map(({ container, ip }) => ({
    id: `network:${network.Id}/container:${container.Id}`,
    label: containerName(container),
    description: [ip ?? (network.Driver === 'host' ? 'host network' : 'no address'), container.State].filter(Boolean).join(' · '),
    tooltip: containerTooltip(container, ip ? [`- IPv4: ${ip}`] : []),
    icon: containerIcon(container),
    contextValue: 'container',
    resource: { type: 'container' as const, id: container.Id, name: containerName(container) },
  }));
  return {
    id: `network:${network.Id}`,
    label: network.Name,
    description: description.join(' · '),
    tooltip,
    icon: builtin ? { id: 'lock' } : network.Internal ? { id: 'shield' } : { id: 'type-hierarchy-sub' },
    contextValue: builtin ? 'network.builtin' : 'network',
    children,
    resource: {
      type: 'network',
      id: network.Id,
      name: network.Name,
      builtin,
      project,
      composeKey: labels['com.docker.compose.network'],
      users: attached.map((a) => containerUser(a.container)),
    },
  };
}

function volumeNode(volume: VolumeJson, containers: ContainerJson[], usage: UsageView, settings: ViewSettings): ExplorerNode {
  const labels = volume.Labels ?? {};
  const project = labels[PROJECT_LABEL];
  const mounts = containersMountingVolume(volume, containers);
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
  const tooltip = [
    `**Volume ${volume.Name}**`,
    '',
    `- Driver: ${volume.Driver ?? '?'}, scope: ${volume.Scope ?? 'local'}`,
    `- Size: ${use ? formatBytes(use.size) : usage.loading ? 'being computed' : 'not reported by the engine'}`,
    ...(use ? [`- References (engine): ${use.refCount}`] : []),
    `- Mountpoint: \`${volume.Mountpoint ?? '?'}\``,
    ...(project ? [`- Compose project: ${project}, volume \`${labels['com.docker.compose.volume'] ?? '?'}\``] : []),
    ...(volume.CreatedAt ? [`- Created: ${volume.CreatedAt}`] : []),
    `- Mounted by: ${mounts.length === 0 ? 'no container (unused)' : mounts.map((m) => `${containerName(m.container)} at ${m.destination}`).join(', ')}`,
    ...labelLines(labels),
  ].join('\n');
  const children = mounts.map(({ container, destination, rw }) => ({
    id: `volume:${volume.Name}/container:${container.Id}:${destination}`,
    label: containerName(container),
    description: [destination, rw ? 'rw' : 'ro', container.State].filter(Boolean).join(' · '),
    tooltip: containerTooltip(container, [`- Mounted at: \`${destination}\` (${rw ? 'read-write' : 'read-only'})`]),
    icon: containerIcon(container),
    contextValue: 'container',
    resource: { type: 'container' as const, id: container.Id, name: containerName(container) },
  }));
  return {
    id: `volume:${volume.Name}`,
    label: anonymous ? volume.Name.slice(0, 12) : volume.Name,
    description: description.join(' · '),
    tooltip,
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
}

/** The state nodes shown instead of the list when the engine cannot be read. */
export function buildFaultNodes(fault: EngineFault): ExplorerNode[] {
  const icon = fault.kind === 'permission' ? 'lock' : fault.kind === 'tooOld' ? 'history' : 'warning';
  const nodes: ExplorerNode[] = [
    {
      id: `state:${fault.kind}`,
      label: fault.title,
      description: fault.endpoint,
      tooltip: [`**${fault.title}**`, '', `Endpoint: \`${fault.endpoint}\``, '', fault.detail, ...(fault.hint ? ['', fault.hint] : [])].join('\n'),
      icon: { id: icon, color: 'problemsWarningIcon.foreground' },
      contextValue: `state.${fault.kind}`,
    },
    { id: `state:${fault.kind}:detail`, label: fault.detail, tooltip: fault.detail, icon: { id: 'blank' }, contextValue: 'state.detail' },
  ];
  if (fault.hint) {
    nodes.push({ id: `state:${fault.kind}:hint`, label: fault.hint, tooltip: fault.hint, icon: { id: 'lightbulb' }, contextValue: 'state.hint' });
  }
  nodes.push(
    {
      id: `state:${fault.kind}:retry`,
      label: 'Retry',
      icon: { id: 'refresh' },
      contextValue: 'state.action',
      command: { command: STATE_COMMANDS.retry, title: 'Retry' },
    },
    {
      id: `state:${fault.kind}:settings`,
      label: 'Open settings',
      description: 'dockml.docker.host',
      icon: { id: 'gear' },
      contextValue: 'state.action',
      command: { command: STATE_COMMANDS.openSettings, title: 'Open settings' },
    },
  );
  return nodes;
}

function sortResources<T extends { Name: string }>(items: T[], settings: ViewSettings, created: (item: T) => string | undefined): T[] {
  const byName = (a: T, b: T) => a.Name.localeCompare(b.Name);
  if (settings.sortBy === 'name') return [...items].sort(byName);
  return [...items].sort((a, b) => (Date.parse(created(b) ?? '') || 0) - (Date.parse(created(a) ?? '') || 0) || byName(a, b));
}

// Groups keep the order of their members; projects come first by name, then resources outside any project.
function groupByProject(nodes: ExplorerNode[], type: 'network' | 'volume'): ExplorerNode[] {
  const groups = new Map<string, ExplorerNode[]>();
  const loose: ExplorerNode[] = [];
  for (const node of nodes) {
    const project = node.resource && 'project' in node.resource ? node.resource.project : undefined;
    if (project) groups.set(project, [...(groups.get(project) ?? []), node]);
    else loose.push(node);
  }
  const groupNodes = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([project, members]) => ({
      id: `project:${project}`,
      label: project,
      description: `Compose project · ${members.length} ${type}${members.length === 1 ? '' : 's'}`,
      icon: { id: 'layers' },
      contextValue: 'project',
      children: members,
      expanded: true,
    }));
  return [...groupNodes, ...loose];
}

function containerTooltip(container: ContainerJson, extra: string[]): string {
  return [
    `**Container ${containerName(container)}**`,
    '',
    `- ID: \`${container.Id.slice(0, 12)}\``,
    `- Image: ${container.Image ?? '?'}`,
    `- State: ${container.State ?? '?'}${container.Status ? ` (${container.Status})` : ''}`,
    ...extra,
  ].join('\n');
}

function containerIcon(container: ContainerJson): { id: string; color?: string } {
  return container.State === 'running' ? { id: 'vm-running', color: 'charts.green' } : { id: 'vm-outline' };
}

function labelLines(labels: Record<string, string>): string[] {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? [] : ['', 'Labels:', '', ...entries.map(([k, v]) => `- \`${k}\` = \`${v}\``)];
}
