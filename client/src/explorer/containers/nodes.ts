// The Containers view's nodes: every container, running or not, with its state and health, uptime, published
// ports, Compose project and service, and image; grouped under its Compose project when asked.
import type { NodeMemo } from '../changes';
import {
  compareNames,
  ContainerJson,
  containerContext,
  containerHealth,
  containerIcon,
  containerName,
  containerRef,
  ExplorerNode,
  groupByProject,
  humanTime,
  labelLines,
  lazyTooltip,
  PROJECT_LABEL,
  publishedPorts,
  SERVICE_LABEL,
  ViewSettings,
} from '../model';

/** Running containers first, then the others; by name, or newest first when sorted by creation. */
/** `memo` keeps the nodes of containers whose JSON is the same object as last time. */
export function buildContainerNodes(containers: ContainerJson[], settings: ViewSettings, now = Date.now(), memo?: NodeMemo<ContainerJson>): ExplorerNode[] {
  if (containers.length === 0) {
    return [{ id: 'state:empty', label: 'No containers', description: 'Start one, or run Compose Up on a Compose file', icon: { id: 'info' }, contextValue: 'state.empty' }];
  }
  const rank = (c: ContainerJson) => (c.State === 'running' ? 0 : c.State === 'paused' || c.State === 'restarting' ? 1 : 2);
  const ordered = [...containers].sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (settings.sortBy === 'created' ? (b.Created ?? 0) - (a.Created ?? 0) : 0) ||
      compareNames(containerName(a), containerName(b)),
  );
  const nodes = ordered.map((c) => (memo ? memo.node(c, [settings.groupByProject], () => containerNode(c, settings, now)) : containerNode(c, settings, now)));
  return settings.groupByProject ? groupByProject(nodes, 'container') : nodes;
}

/** "8080→80/tcp": what a user types in a browser, then where it goes. */
export function formatPorts(container: ContainerJson): string {
  return publishedPorts(container)
    .map((p) => `${p.hostPort}→${p.containerPort}${p.protocol === 'tcp' ? '' : `/${p.protocol}`}`)
    .join(', ');
}

function containerNode(container: ContainerJson, settings: ViewSettings, now: number): ExplorerNode {
  const labels = container.Labels ?? {};
  const project = labels[PROJECT_LABEL];
  const service = labels[SERVICE_LABEL];
  const ports = formatPorts(container);
  const compose = project ? (settings.groupByProject ? service : `${project}/${service ?? '?'}`) : undefined;
  // The engine's Status ("Up 2 hours (healthy)", "Exited (1) 3 minutes ago") already says state, uptime and health.
  const description = [container.Status || container.State, ports, compose, container.Image].filter(Boolean);
  const networks = Object.entries(container.NetworkSettings?.Networks ?? {});
  const health = containerHealth(container);
  const tooltip = (): string =>
    [
      `**Container ${containerName(container)}**`,
      '',
      `- ID: \`${container.Id.slice(0, 12)}\``,
      `- Image: ${container.Image ?? '?'}`,
      `- State: ${container.State ?? '?'}${container.Status ? ` (${container.Status})` : ''}`,
      ...(health ? [`- Health: ${health}`] : []),
      ...(container.Created ? [`- Created: ${humanTime(container.Created, now)}`] : []),
      ...(ports ? [`- Published ports: ${publishedPorts(container).map((p) => `${p.hostIp}:${p.hostPort} → ${p.containerPort}/${p.protocol}`).join(', ')}`] : []),
      ...networks.map(([name, n]) => `- Network ${name}: ${n.IPAddress ? `${n.IPAddress}/${n.IPPrefixLen}` : 'no address'}`),
      ...(container.Mounts ?? []).map((m) => `- Mount: ${m.Type === 'volume' ? `volume ${m.Name}` : (m.Source ?? m.Type)} at \`${m.Destination}\` (${m.RW === false ? 'ro' : 'rw'})`),
      ...(project ? [`- Compose project: ${project}, service \`${service ?? '?'}\``] : []),
      ...labelLines(labels),
    ].join('\n');
  const node: ExplorerNode = {
    id: `container:${container.Id}`,
    label: containerName(container),
    description: description.join(' · '),
    icon: containerIcon(container),
    contextValue: containerContext(container),
    resource: containerRef(container),
  };
  return lazyTooltip(node, tooltip);
}
