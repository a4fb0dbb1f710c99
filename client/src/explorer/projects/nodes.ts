// The Compose Projects view's nodes: each Compose project found on the engine (from the labels Compose puts on
// containers, networks and volumes) with its running/total count, folder and files, its services with their
// containers, and the networks and volumes it made.
import {
  Attachment,
  compareNames,
  containerChildNode,
  ContainerJson,
  containerName,
  containerUser,
  ExplorerNode,
  isBuiltinNetwork,
  NetworkJson,
  networkAttachments,
  PROJECT_LABEL,
  SERVICE_LABEL,
  VolumeJson,
  VolumeMount,
  volumeMounts,
} from '../model';

/** The labels Compose puts on a project's containers to say where it was made from. */
const WORKING_DIR_LABEL = 'com.docker.compose.project.working_dir';
const CONFIG_FILES_LABEL = 'com.docker.compose.project.config_files';

/** One project's objects, gathered from the engine's lists. */
interface Project {
  name: string;
  containers: ContainerJson[];
  networks: NetworkJson[];
  volumes: VolumeJson[];
}

export function buildProjectNodes(containers: ContainerJson[], networks: NetworkJson[], volumes: VolumeJson[]): ExplorerNode[] {
  const projects = new Map<string, Project>();
  const projectOf = (labels: Record<string, string> | null | undefined): Project | undefined => {
    const name = labels?.[PROJECT_LABEL];
    if (!name) return undefined;
    let project = projects.get(name);
    if (!project) projects.set(name, (project = { name, containers: [], networks: [], volumes: [] }));
    return project;
  };
  for (const container of containers) projectOf(container.Labels)?.containers.push(container);
  for (const network of networks) if (!isBuiltinNetwork(network)) projectOf(network.Labels)?.networks.push(network);
  for (const volume of volumes) projectOf(volume.Labels)?.volumes.push(volume);
  if (projects.size === 0) {
    return [{ id: 'state:empty', label: 'No Compose projects', description: 'Run Compose Up on a Compose file', icon: { id: 'info' }, contextValue: 'state.empty' }];
  }
  const users: Users = { attachments: networkAttachments(containers), mounts: volumeMounts(containers) };
  return [...projects.values()].sort((a, b) => compareNames(a.name, b.name)).map((project) => projectNode(project, users));
}

/** Who uses each network and volume, among all containers (not only the project's), for commands on them. */
interface Users {
  attachments: (network: NetworkJson) => Attachment[];
  mounts: (volume: VolumeJson) => VolumeMount[];
}

function projectNode(project: Project, users: Users): ExplorerNode {
  const running = project.containers.filter((c) => c.State === 'running').length;
  const total = project.containers.length;
  // The folder and files come from any container that has them (every container Compose made has them).
  const labelled = project.containers.find((c) => c.Labels?.[CONFIG_FILES_LABEL])?.Labels ?? {};
  const workingDir = labelled[WORKING_DIR_LABEL];
  const files = (labelled[CONFIG_FILES_LABEL] ?? '').split(',').filter(Boolean);
  const services = new Map<string, ContainerJson[]>();
  for (const container of project.containers) {
    const service = container.Labels?.[SERVICE_LABEL] ?? containerName(container);
    const members = services.get(service);
    if (members) members.push(container);
    else services.set(service, [container]);
  }
  const serviceNodes = [...services.entries()].sort(([a], [b]) => compareNames(a, b)).map(([service, members]) => serviceNode(project.name, service, members));
  const description = [
    total === 0 ? 'no containers' : `${running}/${total} running`,
    workingDir,
    total === 0 && [project.networks.length > 0 && plural(project.networks.length, 'network'), project.volumes.length > 0 && plural(project.volumes.length, 'volume')].filter(Boolean).join(', '),
  ].filter(Boolean);
  const tooltip = [
    `**Compose project ${project.name}**`,
    '',
    `- Containers: ${running} of ${total} running`,
    ...(workingDir ? [`- Folder: \`${workingDir}\``] : []),
    ...(files.length > 0 ? [`- Compose files: ${files.map((f) => `\`${f}\``).join(', ')}`] : ['- Compose files: not recorded on its containers (Up, Down… need a Compose file of the project)']),
    ...[...services.entries()].sort(([a], [b]) => compareNames(a, b)).map(([service, members]) => `- Service \`${service}\`: ${members.map((c) => `${containerName(c)} (${c.State ?? '?'})`).join(', ')}`),
    ...(project.networks.length > 0 ? [`- Networks: ${project.networks.map((n) => n.Name).sort(compareNames).join(', ')}`] : []),
    ...(project.volumes.length > 0 ? [`- Volumes: ${project.volumes.map((v) => v.Name).sort(compareNames).join(', ')}`] : []),
  ].join('\n');
  return {
    id: `project:${project.name}`,
    label: project.name,
    description: description.join(' · '),
    tooltip,
    icon: total === 0 || running === 0 ? { id: 'layers' } : running === total ? { id: 'layers-active', color: 'charts.green' } : { id: 'layers-dot', color: 'problemsWarningIcon.foreground' },
    contextValue: 'project',
    children: [
      ...serviceNodes,
      ...[...project.networks].sort((a, b) => compareNames(a.Name, b.Name)).map((network) => networkNode(project.name, network, users)),
      ...[...project.volumes].sort((a, b) => compareNames(a.Name, b.Name)).map((volume) => volumeNode(project.name, volume, users)),
    ],
    resource: { type: 'project', name: project.name, containers: project.containers.map(containerName).sort(compareNames) },
  };
}

function serviceNode(project: string, service: string, members: ContainerJson[]): ExplorerNode {
  const running = members.filter((c) => c.State === 'running').length;
  const ordered = [...members].sort((a, b) => compareNames(containerName(a), containerName(b)));
  // One container (the usual case) shows its own status; replicas show how many run.
  const status = members.length === 1 ? members[0].Status || members[0].State : `${running}/${members.length} running`;
  return {
    id: `project:${project}/service:${service}`,
    label: service,
    description: [status, members[0].Image].filter(Boolean).join(' · '),
    tooltip: [`**Service ${service}** of ${project}`, '', ...ordered.map((c) => `- ${containerName(c)}: ${c.Status || c.State || '?'}`)].join('\n'),
    icon: running === 0 ? { id: 'symbol-method' } : { id: 'symbol-method', color: running === members.length ? 'charts.green' : 'problemsWarningIcon.foreground' },
    contextValue: 'project.service',
    children: ordered.map((container) => containerChildNode(`project:${project}/service:${service}/container:${container.Id}`, container, container.Status || container.State)),
    expanded: true,
  };
}

// Networks and volumes here offer Inspect and Copy; removing them is left to their own views.
function networkNode(project: string, network: NetworkJson, users: Users): ExplorerNode {
  const subnets = (network.IPAM?.Config ?? []).map((c) => c.Subnet).filter(Boolean);
  const key = network.Labels?.['com.docker.compose.network'];
  return {
    id: `project:${project}/network:${network.Id}`,
    label: network.Name,
    description: ['network', ...subnets, network.Internal && 'internal'].filter(Boolean).join(' · '),
    tooltip: `**Network ${network.Name}** of ${project} (Compose key \`${key ?? '?'}\`)`,
    icon: { id: 'type-hierarchy-sub' },
    contextValue: 'project.network',
    resource: {
      type: 'network',
      id: network.Id,
      name: network.Name,
      builtin: false,
      project,
      composeKey: key,
      users: users.attachments(network).map((a) => containerUser(a.container)),
    },
  };
}

function volumeNode(project: string, volume: VolumeJson, users: Users): ExplorerNode {
  const key = volume.Labels?.['com.docker.compose.volume'];
  return {
    id: `project:${project}/volume:${volume.Name}`,
    label: volume.Name,
    description: 'volume',
    tooltip: `**Volume ${volume.Name}** of ${project} (Compose key \`${key ?? '?'}\`): kept by Compose Down unless you delete volumes`,
    icon: { id: 'database' },
    contextValue: 'project.volume',
    resource: { type: 'volume', name: volume.Name, project, composeKey: key, users: users.mounts(volume).map((m) => containerUser(m.container)) },
  };
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
