// The explorer's shared model: the Engine API JSON it reads, the tree node a view is made of, and the pieces
// every view uses (container names and state, Compose grouping, sorting, human times, the state nodes).
//
// Nothing here talks to the engine or to VS Code. The tree adapter shows an `ExplorerNode` as it is
// (label, description, tooltip, icon, contextValue, children), so tests of these functions test the tree.
// Each view builds its own nodes in its folder (networks/, volumes/, containers/).
import type { EngineFault } from './errors';

/** A view of the explorer, by the id after `dockml.` in package.json (networks, volumes, containers, …). */
export type ViewId = string;

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
  /** Unix seconds. */
  Created?: number;
  State?: string;
  /** The engine's human summary, such as "Up 2 hours (healthy)" or "Exited (0) 3 minutes ago". */
  Status?: string;
  Ports?: Array<{ IP?: string; PrivatePort?: number; PublicPort?: number; Type?: string }> | null;
  Labels?: Record<string, string> | null;
  NetworkSettings?: {
    Networks?: Record<
      string,
      { NetworkID?: string; IPAddress?: string; IPPrefixLen?: number; GlobalIPv6Address?: string; MacAddress?: string; Aliases?: string[] | null }
    > | null;
  } | null;
  Mounts?: Array<{ Type?: string; Name?: string; Source?: string; Destination?: string; RW?: boolean; Mode?: string }> | null;
  /** The ID (`sha256:…`) of the image the container runs, whatever tag it was created from. */
  ImageID?: string;
}

/** The fields of GET /images/json that the explorer reads. */
export interface ImageJson {
  Id: string;
  /** `repo:tag` names; empty, null or `<none>:<none>` for a dangling image. */
  RepoTags?: string[] | null;
  RepoDigests?: string[] | null;
  /** Unix seconds. */
  Created?: number;
  Size?: number;
  Labels?: Record<string, string> | null;
}

/** One entry of GET /images/{id}/history, newest first: a layer or a metadata step, and what made it. */
export interface HistoryJson {
  /** The image the step produced when it is still local, else `<missing>`. */
  Id: string;
  /** Unix seconds. */
  Created?: number;
  /** The builder's record of the instruction: `/bin/sh -c #(nop)  CMD ["sh"]`, `RUN /bin/sh -c … # buildkit`, … */
  CreatedBy?: string;
  Tags?: string[] | null;
  Size?: number;
  Comment?: string;
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
  | { type: 'container'; id: string; name: string; state?: string; ip?: string; ports?: PublishedPort[]; project?: string; service?: string }
  | { type: 'project'; name: string; containers: string[] }
  | { type: 'image'; id: string; name: string; tags: string[]; size?: number; containers: string[] };

/** A container port published on the host: `hostPort` on `hostIp` reaches `containerPort`. */
export interface PublishedPort {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: string;
}

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
/** The label Compose puts on a service's containers. */
export const SERVICE_LABEL = 'com.docker.compose.service';
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

/** Compares names as people read them; one collator is much faster than `localeCompare` on each comparison. */
export const compareNames = new Intl.Collator().compare;

const byContainerName = <T extends { container: ContainerJson }>(a: T, b: T) => compareNames(containerName(a.container), containerName(b.container));

/** A container on a network, with its IPv4 address and prefix length when it has one. */
export type Attachment = { container: ContainerJson; ip?: string };

/**
 * The containers attached to each network, from one pass over the containers (not one per network), matched by
 * network id, or by name for an attachment without one (names can be reused after a remove). The answer for a
 * network is sorted by container name.
 */
export function networkAttachments(containers: ContainerJson[]): (network: Pick<NetworkJson, 'Id' | 'Name'>) => Attachment[] {
  const byId = new Map<string, Attachment[]>();
  const byName = new Map<string, Attachment[]>();
  for (const container of containers) {
    for (const [name, attachment] of Object.entries(container.NetworkSettings?.Networks ?? {})) {
      const entry = { container, ip: attachment.IPAddress ? `${attachment.IPAddress}/${attachment.IPPrefixLen}` : undefined };
      const [index, key] = attachment.NetworkID ? [byId, attachment.NetworkID] : [byName, name];
      const list = index.get(key);
      if (list) list.push(entry);
      else index.set(key, [entry]);
    }
  }
  return (network) => [...(byId.get(network.Id) ?? []), ...(byName.get(network.Name) ?? [])].sort(byContainerName);
}

/** The containers attached to one network. */
export function containersOnNetwork(network: Pick<NetworkJson, 'Id' | 'Name'>, containers: ContainerJson[]): Attachment[] {
  return networkAttachments(containers)(network);
}

/** A container mounting a volume, with where and how. */
export type VolumeMount = { container: ContainerJson; destination: string; rw: boolean };

/** The containers that mount each volume, from one pass over the containers; sorted by container name. */
export function volumeMounts(containers: ContainerJson[]): (volume: Pick<VolumeJson, 'Name'>) => VolumeMount[] {
  const byVolume = new Map<string, VolumeMount[]>();
  for (const container of containers) {
    for (const mount of container.Mounts ?? []) {
      if (mount.Type !== 'volume' || mount.Name === undefined) continue;
      const entry = { container, destination: mount.Destination ?? '?', rw: mount.RW !== false };
      const list = byVolume.get(mount.Name);
      if (list) list.push(entry);
      else byVolume.set(mount.Name, [entry]);
    }
  }
  return (volume) => [...(byVolume.get(volume.Name) ?? [])].sort(byContainerName);
}

/** The containers that mount one volume, with where and how. */
export function containersMountingVolume(volume: Pick<VolumeJson, 'Name'>, containers: ContainerJson[]): VolumeMount[] {
  return volumeMounts(containers)(volume);
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
      // The refresh manager reopens the events stream every second while a view is visible (refresh.ts).
      description: 'automatic every second while a view is open',
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

export function sortResources<T extends { Name: string }>(items: T[], settings: ViewSettings, created: (item: T) => string | undefined): T[] {
  const byName = (a: T, b: T) => compareNames(a.Name, b.Name);
  if (settings.sortBy === 'name') return [...items].sort(byName);
  return [...items].sort((a, b) => (Date.parse(created(b) ?? '') || 0) - (Date.parse(created(a) ?? '') || 0) || byName(a, b));
}

// Groups keep the order of their members; projects come first by name, then resources outside any project.
export function groupByProject(nodes: ExplorerNode[], type: string): ExplorerNode[] {
  const groups = new Map<string, ExplorerNode[]>();
  const loose: ExplorerNode[] = [];
  for (const node of nodes) {
    const project = node.resource && 'project' in node.resource ? node.resource.project : undefined;
    if (!project) loose.push(node);
    else if (groups.has(project)) groups.get(project)!.push(node);
    else groups.set(project, [node]);
  }
  const groupNodes = [...groups.entries()]
    .sort(([a], [b]) => compareNames(a, b))
    .map(([project, members]) => ({
      id: `project:${project}`,
      label: project,
      description: `Compose project · ${members.length} ${type}${members.length === 1 ? '' : 's'}`,
      icon: { id: 'layers' },
      contextValue: 'project',
      children: members,
      expanded: true,
      resource: { type: 'project' as const, name: project, containers: members.flatMap((m) => (m.resource?.type === 'container' ? [m.resource.name] : [])) },
    }));
  return [...groupNodes, ...loose];
}

export function containerTooltip(container: ContainerJson, extra: string[]): string {
  return [
    `**Container ${containerName(container)}**`,
    '',
    `- ID: \`${container.Id.slice(0, 12)}\``,
    `- Image: ${container.Image ?? '?'}`,
    `- State: ${container.State ?? '?'}${container.Status ? ` (${container.Status})` : ''}`,
    ...extra,
  ].join('\n');
}

export function containerIcon(container: ContainerJson): { id: string; color?: string } {
  if (container.State !== 'running') return { id: 'vm-outline' };
  const health = containerHealth(container);
  if (health === 'unhealthy') return { id: 'vm-running', color: 'problemsErrorIcon.foreground' };
  if (health === 'starting') return { id: 'vm-running', color: 'problemsWarningIcon.foreground' };
  return { id: 'vm-running', color: 'charts.green' };
}

/** The health check's verdict as the engine reports it in Status, or undefined for a container without one. */
export function containerHealth(container: ContainerJson): 'healthy' | 'unhealthy' | 'starting' | undefined {
  const match = /\((healthy|unhealthy|health: starting)\)/.exec(container.Status ?? '');
  if (!match) return undefined;
  return match[1] === 'health: starting' ? 'starting' : (match[1] as 'healthy' | 'unhealthy');
}

/** The ports a container publishes on the host, each once (the engine lists IPv4 and IPv6 bindings apart). */
export function publishedPorts(container: ContainerJson): PublishedPort[] {
  const seen = new Set<string>();
  const ports: PublishedPort[] = [];
  for (const port of container.Ports ?? []) {
    if (!port.PublicPort || !port.PrivatePort) continue;
    const key = `${port.PublicPort}/${port.Type}`;
    if (seen.has(key)) continue;
    seen.add(key);
    ports.push({ hostIp: port.IP ?? '0.0.0.0', hostPort: port.PublicPort, containerPort: port.PrivatePort, protocol: port.Type ?? 'tcp' });
  }
  return ports.sort((a, b) => a.hostPort - b.hostPort);
}

/** The first IPv4 address a container has on any network, for Copy IP. */
export function containerIp(container: ContainerJson): string | undefined {
  return Object.values(container.NetworkSettings?.Networks ?? {})
    .map((n) => n.IPAddress)
    .find((ip): ip is string => !!ip);
}

/** What a command on any container node (in any view) needs to know about the container. */
export function containerRef(container: ContainerJson): Extract<ResourceRef, { type: 'container' }> {
  const labels = container.Labels ?? {};
  return {
    type: 'container',
    id: container.Id,
    name: containerName(container),
    state: container.State,
    ip: containerIp(container),
    ports: publishedPorts(container),
    project: labels[PROJECT_LABEL],
    service: labels[SERVICE_LABEL],
  };
}

/**
 * `node` with a tooltip written the first time it is read: VS Code asks for it only on hover (resolveTreeItem in
 * treeView.ts), so a view of thousands of objects does not write thousands of tooltips to show its list.
 */
export function lazyTooltip(node: ExplorerNode, tooltip: () => string): ExplorerNode {
  let text: string | undefined;
  return Object.defineProperty(node, 'tooltip', { enumerable: true, configurable: true, get: () => (text ??= tooltip()) });
}

/** A container shown under another node (a network, a volume, a Compose service), with every container action. */
export function containerChildNode(id: string, container: ContainerJson, description: string | undefined, tooltipLines: string[] = []): ExplorerNode {
  const node = {
    id,
    label: containerName(container),
    description,
    icon: containerIcon(container),
    contextValue: containerContext(container),
    resource: containerRef(container),
  };
  return lazyTooltip(node, () => containerTooltip(container, tooltipLines));
}

/** The context value of a container node, the same in every view: `container.running`, `container.exited`, … */
export function containerContext(container: ContainerJson): string {
  return `container.${container.State || 'unknown'}`;
}

/**
 * A timestamp as people read it: "2024-03-01 14:05 UTC (3 days ago)". Accepts the engine's RFC 3339 strings
 * (with nanoseconds) and Unix seconds; anything unreadable is shown as it came.
 */
export function humanTime(value: string | number, now = Date.now()): string {
  const ms = typeof value === 'number' ? value * 1000 : Date.parse(value);
  if (!Number.isFinite(ms) || ms <= 0) return String(value);
  const stamp = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `${stamp} (${ago(now - ms)})`;
}

/** How long ago, from an age in milliseconds: "3 days ago", "just now". */
export function ago(ms: number): string {
  if (ms < 0) return 'in the future';
  const steps: Array<[number, string]> = [
    [365 * 86_400_000, 'year'],
    [30 * 86_400_000, 'month'],
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
  ];
  for (const [size, unit] of steps) {
    const n = Math.floor(ms / size);
    if (n >= 1) return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
  }
  return 'just now';
}

export function labelLines(labels: Record<string, string>): string[] {
  const entries = Object.entries(labels).sort(([a], [b]) => compareNames(a, b));
  return entries.length === 0 ? [] : ['', 'Labels:', '', ...entries.map(([k, v]) => `- \`${k}\` = \`${v}\``)];
}
