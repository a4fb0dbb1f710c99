// The Networks view's nodes: each network with what sets it apart, and the containers attached with their address.
import type { NodeMemo } from '../changes';
import {
  Attachment,
  containerChildNode,
  ContainerJson,
  containerName,
  containerUser,
  ExplorerNode,
  groupByProject,
  humanTime,
  isBuiltinNetwork,
  labelLines,
  lazyTooltip,
  networkAttachments,
  NetworkJson,
  PROJECT_LABEL,
  sortResources,
  ViewSettings,
} from '../model';

/** `memo` keeps the nodes of networks whose JSON and attached containers are the same objects as last time. */
export function buildNetworkNodes(networks: NetworkJson[], containers: ContainerJson[], settings: ViewSettings, memo?: NodeMemo<NetworkJson>): ExplorerNode[] {
  const custom = networks.filter((n) => !isBuiltinNetwork(n));
  const builtin = networks.filter((n) => isBuiltinNetwork(n));
  const ordered = [...sortResources(custom, settings, (n) => n.Created), ...sortResources(builtin, settings, (n) => n.Created)];
  const attachments = networkAttachments(containers);
  const nodes = ordered.map((n) => {
    const attached = attachments(n);
    const build = () => networkNode(n, attached, settings);
    return memo ? memo.node(n, [settings.groupByProject, ...attached.flatMap((a) => [a.container, a.ip])], build) : build();
  });
  return settings.groupByProject ? groupByProject(nodes, 'network') : nodes;
}

function networkNode(network: NetworkJson, attached: Attachment[], settings: ViewSettings): ExplorerNode {
  const builtin = isBuiltinNetwork(network);
  const labels = network.Labels ?? {};
  const project = labels[PROJECT_LABEL];
  const ipam = (network.IPAM?.Config ?? []).filter((c) => c.Subnet);
  const badges = [network.Internal && 'internal', network.Attachable && 'attachable', network.Ingress && 'ingress', network.EnableIPv6 && 'IPv6', builtin && 'built-in'];
  // What tells networks apart leads (a narrow sidebar cuts the end); the common bridge (local) is not repeated.
  const usual = network.Driver === 'bridge' && (network.Scope ?? 'local') === 'local';
  const description = [
    ipam.map((c) => c.Subnet).join(', '),
    ...badges,
    !settings.groupByProject && project && `project ${project}`,
    !usual && `${network.Driver ?? '?'} (${network.Scope ?? 'local'})`,
  ].filter(Boolean);
  const tooltip = (): string =>
    [
      `**Network ${network.Name}**${builtin ? ' (built-in, protected)' : ''}`,
      '',
      `- ID: \`${network.Id.slice(0, 12)}\``,
      `- Driver: ${network.Driver ?? '?'}, scope: ${network.Scope ?? 'local'}`,
      ...ipam.map((c) => `- Subnet: ${c.Subnet}${c.Gateway ? `, gateway ${c.Gateway}` : ''}${c.IPRange ? `, range ${c.IPRange}` : ''}`),
      `- Internal: ${network.Internal ? 'yes (no route outside)' : 'no'}; attachable: ${network.Attachable ? 'yes' : 'no'}`,
      ...(project ? [`- Compose project: ${project}, network \`${labels['com.docker.compose.network'] ?? '?'}\``] : []),
      ...(network.Created ? [`- Created: ${humanTime(network.Created)}`] : []),
      `- Containers: ${attached.length === 0 ? 'none' : attached.map((a) => containerName(a.container)).join(', ')}`,
      ...labelLines(labels),
    ].join('\n');
  const children = attached.map(({ container, ip }) =>
    containerChildNode(
      `network:${network.Id}/container:${container.Id}`,
      container,
      [ip ?? (network.Driver === 'host' ? 'host network' : 'no address'), container.State].filter(Boolean).join(' · '),
      ip ? [`- IPv4: ${ip}`] : [],
    ),
  );
  const node: ExplorerNode = {
    id: `network:${network.Id}`,
    label: network.Name,
    description: description.join(' · '),
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
  return lazyTooltip(node, tooltip);
}
