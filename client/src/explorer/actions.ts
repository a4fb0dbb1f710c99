// The explorer's actions on networks and volumes: input validation, confirmation wording, and the engine calls.
//
// Every destructive call waits for `ActionUi.confirm`, a modal dialog in VS Code and a scripted answer in
// tests. Engine refusals come back as sentences from errors.ts, never as silent failures. No vscode here.
import * as net from 'node:net';
import type { EngineApi, NetworkSpec, VolumeSpec } from './engine';
import { explainRefusal, plainFailure } from './errors';
import {
  ContainerJson,
  containersMountingVolume,
  containersOnNetwork,
  containerUser,
  formatBytes,
  isBuiltinNetwork,
  NetworkJson,
  PROJECT_LABEL,
  ResourceRef,
  VolumeJson,
} from './model';

export interface ActionUi {
  /**
   * Asks a question with these buttons and resolves to the one chosen, or undefined when the user cancels.
   * Modal unless `modal` is false (a second ask after a long list was opened, so the list can be scrolled).
   */
  choose(message: string, detail: string, buttons: string[], modal?: boolean): Promise<string | undefined>;
  /** Shows a long text, such as everything a prune would remove, in a read-only editor. */
  showText(title: string, text: string): Promise<void>;
  /** Runs work that may take a while with a cancellable progress indicator. */
  withProgress<T>(title: string, work: (progress: ActionProgress) => Promise<T>): Promise<T>;
}

/** Where long work reports how far it got, and learns that the user asked it to stop. */
export interface ActionProgress {
  report(done: number, total: number, current: string): void;
  readonly cancelled: boolean;
}

/**
 * What an action did, for a notification: `ok` false means nothing (or not everything) happened, and
 * `cancelled` that the user declined, which needs no notification at all.
 */
export interface ActionOutcome {
  ok: boolean;
  message: string;
  cancelled?: boolean;
}

/** Network drivers a user can create; `host` and `null` exist once per engine and cannot be created. */
export const NETWORK_DRIVERS = ['bridge', 'overlay', 'macvlan', 'ipvlan'] as const;

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** Returns why a network name is unusable, or undefined when it is fine. */
export function validateNetworkName(name: string, existing: string[] = []): string | undefined {
  if (!name) return 'Enter a name.';
  if (!NAME.test(name)) return 'Use letters, digits, "_", "." and "-", starting with a letter or digit.';
  if (existing.includes(name)) return `A network named “${name}” already exists.`;
  return undefined;
}

/** Returns why a volume name is unusable, or undefined; the local driver wants at least two characters. */
export function validateVolumeName(name: string, existing: string[] = []): string | undefined {
  if (!name) return 'Enter a name.';
  if (!NAME.test(name) || name.length < 2) return 'Use at least two letters, digits, "_", "." or "-", starting with a letter or digit.';
  if (existing.includes(name)) return `A volume named “${name}” already exists.`;
  return undefined;
}

interface ParsedCidr {
  family: 4 | 6;
  bits: bigint;
  prefix: number;
}

/** Parses an IPv4 or IPv6 CIDR such as 10.20.0.0/16; undefined when it is not one. */
export function parseCidr(text: string): ParsedCidr | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(text.trim());
  if (!match) return undefined;
  const family = net.isIP(match[1]);
  const prefix = Number(match[2]);
  if (family === 0 || prefix > (family === 4 ? 32 : 128)) return undefined;
  return { family: family as 4 | 6, bits: addressBits(match[1], family as 4 | 6), prefix };
}

/** Returns why a subnet is unusable (syntax, host bits set, overlap with a live network), or undefined. */
export function validateSubnet(subnet: string, liveSubnets: Array<{ network: string; subnet: string }> = []): string | undefined {
  if (!subnet) return undefined;
  const cidr = parseCidr(subnet);
  if (!cidr) return 'Enter a subnet in CIDR form, such as 10.20.0.0/16.';
  const width = cidr.family === 4 ? 32 : 128;
  if (cidr.family === 4 && cidr.prefix > 30) return 'A /31 or /32 leaves no address for containers; use /30 or wider.';
  const hostMask = (1n << BigInt(width - cidr.prefix)) - 1n;
  if ((cidr.bits & hostMask) !== 0n) {
    return `${subnet} has host bits set; the network address is ${formatAddress(cidr.bits & ~hostMask, cidr.family)}/${cidr.prefix}.`;
  }
  for (const live of liveSubnets) {
    const other = parseCidr(live.subnet);
    if (other && other.family === cidr.family && overlaps(cidr, other, width)) {
      return `${subnet} overlaps ${live.subnet} of network “${live.network}”.`;
    }
  }
  return undefined;
}

/** Returns why a gateway does not fit the subnet, or undefined; an empty gateway lets the engine choose. */
export function validateGateway(gateway: string, subnet: string): string | undefined {
  if (!gateway) return undefined;
  if (!subnet) return 'A gateway needs a subnet.';
  const cidr = parseCidr(subnet);
  const family = net.isIP(gateway);
  if (!cidr || family === 0) return 'Enter an IP address, such as 10.20.0.1.';
  if (family !== cidr.family) return 'The gateway and the subnet must both be IPv4 or both IPv6.';
  const width = cidr.family === 4 ? 32 : 128;
  const hostMask = (1n << BigInt(width - cidr.prefix)) - 1n;
  const bits = addressBits(gateway, cidr.family);
  if ((bits & ~hostMask) !== cidr.bits) return `${gateway} is not inside ${subnet}.`;
  if ((bits & hostMask) === 0n || (cidr.family === 4 && (bits & hostMask) === hostMask)) {
    return `${gateway} is the network or broadcast address of ${subnet}.`;
  }
  return undefined;
}

/** Every problem with a network spec that can be found without the engine, in the order a form shows them. */
export function validateNetworkSpec(spec: NetworkSpec, live: { names: string[]; subnets: Array<{ network: string; subnet: string }> }): string[] {
  const problems = [
    validateNetworkName(spec.name, live.names),
    (NETWORK_DRIVERS as readonly string[]).includes(spec.driver) ? undefined : `Choose one of the drivers ${NETWORK_DRIVERS.join(', ')}.`,
    validateSubnet(spec.subnet ?? '', live.subnets),
    validateGateway(spec.gateway ?? '', spec.subnet ?? ''),
  ];
  return problems.filter((p): p is string => p !== undefined);
}

export async function createNetwork(engine: EngineApi, spec: NetworkSpec): Promise<ActionOutcome> {
  const networks = await engine.listNetworks().catch((error: unknown) => failure(engine, error));
  if (!Array.isArray(networks)) return networks;
  const problems = validateNetworkSpec(spec, {
    names: networks.map((n) => n.Name),
    subnets: networks.flatMap((n) => (n.IPAM?.Config ?? []).filter((c) => c.Subnet).map((c) => ({ network: n.Name, subnet: c.Subnet! }))),
  });
  if (problems.length > 0) return { ok: false, message: problems.join(' ') };
  try {
    await engine.createNetwork(spec);
    const how = [spec.driver, spec.internal && 'internal', spec.attachable && 'attachable', spec.subnet].filter(Boolean).join(', ');
    return { ok: true, message: `Created network “${spec.name}” (${how}).` };
  } catch (error) {
    return { ok: false, message: explainRefusal(error, { action: 'create', type: 'network', name: spec.name, users: [] }) };
  }
}

export async function createVolume(engine: EngineApi, spec: VolumeSpec): Promise<ActionOutcome> {
  const volumes = await engine.listVolumes().catch((error: unknown) => failure(engine, error));
  if (!Array.isArray(volumes)) return volumes;
  const problem = validateVolumeName(spec.name, volumes.map((v) => v.Name));
  if (problem) return { ok: false, message: problem };
  try {
    await engine.createVolume(spec);
    return { ok: true, message: `Created volume “${spec.name}”.` };
  } catch (error) {
    return { ok: false, message: explainRefusal(error, { action: 'create', type: 'volume', name: spec.name, users: [] }) };
  }
}

/** Container states in which the engine keeps a container's network endpoints, and so refuses to remove the network. */
const ACTIVE_STATES = new Set(['running', 'paused', 'restarting']);

/** How many names a confirmation or a result lists before it says "and N more". */
const SUMMARY_NAMES = 10;

/**
 * Removes one network or volume after a confirmation that says what will really happen. What the engine does
 * was checked on it: a volume that any container mounts, running or stopped, is refused; a network with
 * running containers is refused, but one whose containers are all stopped is removed, and those containers
 * then fail to start. So a removal the engine would refuse is explained and not offered at all.
 */
export async function removeResource(engine: EngineApi, ref: ResourceRef, ui: ActionUi): Promise<ActionOutcome> {
  if (ref.type === 'container') return { ok: false, message: 'DockML does not remove containers.' };
  if (ref.type === 'network' && (ref.builtin || isBuiltinNetwork({ Name: ref.name }))) {
    return { ok: false, message: `“${ref.name}” is a built-in network; the engine needs it and never removes it.` };
  }
  let users: ContainerJson[];
  let ingress = false;
  try {
    // The users are read again: the tree may be a few seconds old, and the question must be about the present.
    const containers = await engine.listContainers();
    if (ref.type === 'network') {
      users = containersOnNetwork({ Id: ref.id, Name: ref.name }, containers).map((a) => a.container);
      ingress = (await engine.listNetworks()).some((n) => n.Id === ref.id && n.Ingress === true);
    } else {
      users = containersMountingVolume({ Name: ref.name }, containers).map((m) => m.container);
    }
  } catch (error) {
    return failure(engine, error);
  }
  const named = users.map(containerUser);
  const question = ref.type === 'network' ? networkQuestion(ref.name, users, ingress) : volumeQuestion(ref, users);
  if ('refusal' in question) return { ok: false, message: question.refusal };
  const label = ref.type === 'network' ? 'Remove Network' : 'Delete Volume';
  if ((await ui.choose(question.message, question.detail, [label])) !== label) return { ok: false, cancelled: true, message: 'Nothing was removed.' };
  try {
    if (ref.type === 'network') await engine.removeNetwork(ref.id);
    else await engine.removeVolume(ref.name);
    return { ok: true, message: `Removed ${ref.type} “${ref.name}”.` };
  } catch (error) {
    return { ok: false, message: explainRefusal(error, { action: 'remove', type: ref.type, name: ref.name, users: named }) };
  }
}

function networkQuestion(name: string, users: ContainerJson[], ingress: boolean): { message: string; detail: string } | { refusal: string } {
  const active = users.filter((c) => ACTIVE_STATES.has(c.State ?? ''));
  if (active.length > 0) {
    return {
      refusal: `Network “${name}” cannot be removed while ${listNames(active.map(containerUser))} ${active.length === 1 ? 'is' : 'are'} attached: the engine refuses. Stop or disconnect ${active.length === 1 ? 'it' : 'them'} first. Nothing was removed.`,
    };
  }
  const stopped =
    users.length > 0
      ? ` ${listNames(users.map(containerUser))} ${users.length === 1 ? 'is' : 'are'} attached but not running: the engine removes the network anyway, and then ${users.length === 1 ? 'that container fails' : 'those containers fail'} to start (“network not found”) until connected to another network.`
      : '';
  const mesh = ingress
    ? ' This is the swarm’s routing-mesh (ingress) network: published service ports stop working until it is created again, and every node of the swarm should run the same engine version before it is.'
    : '';
  return { message: `Remove network “${name}”?`, detail: `Containers will no longer be able to join it, and its subnet is released.${stopped}${mesh}` };
}

function volumeQuestion(ref: Extract<ResourceRef, { type: 'volume' }>, users: ContainerJson[]): { message: string; detail: string } | { refusal: string } {
  if (users.length > 0) {
    return {
      refusal: `Volume “${ref.name}” cannot be deleted while ${listNames(users.map(containerUser))} ${users.length === 1 ? 'mounts' : 'mount'} it: the engine refuses to delete a volume that any container holds, running or stopped. Remove ${users.length === 1 ? 'that container' : 'those containers'} first. Nothing was deleted.`,
    };
  }
  return {
    message: `Delete volume “${ref.name}” and all its data${ref.size !== undefined ? ` (${formatBytes(ref.size)})` : ''}?`,
    detail: 'Every file in the volume is permanently deleted; this cannot be undone.',
  };
}

/** One object a prune would remove, with the words the confirmation shows for it. */
export interface PruneCandidate {
  id: string;
  name: string;
  size?: number;
  /** For volumes: whether it has a name of its own (the default prune keeps those), and its Compose project. */
  named?: boolean;
  project?: string;
}

/** The label Docker 23 and newer put on anonymous volumes; older engines give them a 64-hex-digit name. */
const ANONYMOUS_LABEL = 'com.docker.volume.anonymous';

/** Whether a volume is anonymous (made for a container's VOLUME or `-v /path`), which a default prune removes. */
export function isAnonymousVolume(volume: VolumeJson): boolean {
  const labels = volume.Labels ?? {};
  if (ANONYMOUS_LABEL in labels) return true;
  return /^[0-9a-f]{64}$/.test(volume.Name) && !(PROJECT_LABEL in labels);
}

/**
 * The networks and volumes no container (running or stopped) uses. Built-in networks and the swarm's
 * routing-mesh network (`ingress`, which `docker network prune` keeps too) are never candidates.
 */
export async function pruneCandidates(engine: EngineApi, type: 'network' | 'volume'): Promise<PruneCandidate[]> {
  const containers = await engine.listContainers();
  if (type === 'network') {
    const networks = await engine.listNetworks();
    return networks
      .filter((n) => !isBuiltinNetwork(n) && !isSwarmSystemNetwork(n) && containersOnNetwork(n, containers).length === 0)
      .map((n) => ({ id: n.Id, name: n.Name }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
  const volumes = await engine.listVolumes();
  const unused = volumes.filter((v) => containersMountingVolume(v, containers).length === 0);
  // Sizes make the question concrete; a slow or failed df must not block the prune, so they are optional.
  const sizes = await engine.volumeUsage().catch(() => new Map<string, { size: number }>());
  return unused
    .map((v) => {
      const size = sizes.get(v.Name)?.size;
      return {
        id: v.Name,
        name: v.Name,
        size: size !== undefined && size >= 0 ? size : undefined,
        named: !isAnonymousVolume(v),
        project: v.Labels?.[PROJECT_LABEL],
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The swarm's routing mesh: `ingress` and the bridge that carries it to this node; a prune leaves both alone. */
function isSwarmSystemNetwork(network: NetworkJson): boolean {
  return network.Ingress === true || network.Name === 'docker_gwbridge';
}

const SHOW_ALL = 'Show All';

/**
 * Lists what a prune would remove, asks, and removes exactly those objects one by one, with cancellable
 * progress. The engine's own prune endpoints are not used: they would also take whatever became unused after
 * the list was shown. Volumes with a name of their own (Compose projects' among them) are kept unless the
 * user chooses to delete them too, as `docker volume prune` keeps them unless given `--all`.
 */
export async function prune(engine: EngineApi, type: 'network' | 'volume', ui: ActionUi): Promise<ActionOutcome & { removed: string[] }> {
  let candidates: PruneCandidate[];
  try {
    candidates = await pruneCandidates(engine, type);
  } catch (error) {
    return { ...failure(engine, error), removed: [] };
  }
  const plural = `${type}s`;
  if (candidates.length === 0) return { ok: true, message: `No unused ${plural}: nothing to prune.`, removed: [] };
  const question = type === 'network' ? networkPruneQuestion(candidates) : volumePruneQuestion(candidates);
  let answer = await ui.choose(question.message, question.detail, [...question.choices.keys(), SHOW_ALL]);
  while (answer === SHOW_ALL) {
    await ui.showText(`Unused ${plural}`, fullList(candidates, type));
    answer = await ui.choose(question.message, question.detail, [...question.choices.keys()], false);
  }
  const chosen = answer === undefined ? undefined : question.choices.get(answer);
  if (!chosen) return { ok: false, cancelled: true, message: 'Nothing was pruned.', removed: [] };

  const removed: string[] = [];
  const failures: string[] = [];
  const stopped = await ui.withProgress(`${type === 'network' ? 'Removing' : 'Deleting'} ${chosen.length} unused ${chosen.length === 1 ? type : plural}`, async (progress) => {
    for (const [index, candidate] of chosen.entries()) {
      if (progress.cancelled) return true;
      progress.report(index, chosen.length, candidate.name);
      try {
        if (type === 'network') await engine.removeNetwork(candidate.id);
        else await engine.removeVolume(candidate.id);
        removed.push(candidate.name);
      } catch (error) {
        failures.push(explainRefusal(error, { action: 'remove', type, name: candidate.name, users: [] }));
      }
    }
    return false;
  });
  const what = (n: number) => `${n} ${n === 1 ? type : plural}`;
  const done =
    removed.length > 0 ? `Removed ${what(removed.length)}: ${listNames(removed)}.` : `Removed no ${plural}.`;
  const rest = stopped ? ` Stopped as asked; ${what(chosen.length - removed.length - failures.length)} left in place.` : '';
  return { ok: failures.length === 0, message: [done + rest, ...failures].join(' '), removed };
}

interface PruneQuestion {
  message: string;
  detail: string;
  /** The buttons and what each removes, in the order shown. */
  choices: Map<string, PruneCandidate[]>;
}

function networkPruneQuestion(candidates: PruneCandidate[]): PruneQuestion {
  const n = candidates.length;
  return {
    message: `Remove ${n} unused network${n === 1 ? '' : 's'}?`,
    detail: `These and nothing else will be removed:\n${summary(candidates)}`,
    choices: new Map([['Remove Networks', candidates]]),
  };
}

function volumePruneQuestion(candidates: PruneCandidate[]): PruneQuestion {
  const anonymous = candidates.filter((c) => !c.named);
  const named = candidates.filter((c) => c.named);
  const size = (list: PruneCandidate[]) => {
    const total = list.reduce((sum, c) => sum + (c.size ?? 0), 0);
    return total > 0 ? ` (${formatBytes(total)})` : '';
  };
  const count = (list: PruneCandidate[], kind: string) => `${list.length} ${kind} volume${list.length === 1 ? '' : 's'}`;
  const parts: string[] = [];
  if (anonymous.length > 0) parts.push(`These ${count(anonymous, 'anonymous')} will be deleted:\n${summary(anonymous)}`);
  if (named.length > 0) {
    const projects = [...new Set(named.map((c) => c.project).filter((p): p is string => !!p))].sort();
    const fromCompose = projects.length > 0 ? `, ${named.filter((c) => c.project).length} of them from Compose projects (${listNames(projects)})` : '';
    parts.push(
      `${count(named, 'named')}${size(named)} ${named.length === 1 ? 'is' : 'are'} unused too${fromCompose}. ${
        anonymous.length > 0 ? 'They are kept, as `docker volume prune` keeps them, unless you choose “Delete All Unused Volumes”' : 'Choose “Delete All Unused Volumes” to delete them, as `docker volume prune --all` does'
      }:\n${summary(named)}`,
    );
  }
  parts.push('Volume data cannot be recovered.');
  const choices = new Map<string, PruneCandidate[]>();
  if (anonymous.length > 0) choices.set('Delete Anonymous Volumes', anonymous);
  if (named.length > 0) choices.set('Delete All Unused Volumes', candidates);
  return {
    message:
      anonymous.length > 0
        ? `Delete ${count(anonymous, 'unused anonymous')} and their data${size(anonymous)}?`
        : `No anonymous volumes are unused. Delete ${count(named, 'unused named')} and their data${size(named)}?`,
    detail: parts.join('\n\n'),
    choices,
  };
}

/** One line per candidate: its name, what kind it is, and its size. */
function describeCandidate(c: PruneCandidate): string {
  const kind = c.named === undefined ? [] : [c.named ? (c.project ? `named, Compose project ${c.project}` : 'named') : 'anonymous'];
  const extra = [...kind, ...(c.size !== undefined ? [formatBytes(c.size)] : [])];
  return `${c.name}${extra.length > 0 ? ` (${extra.join(', ')})` : ''}`;
}

/** The first SUMMARY_NAMES candidates as bullets, and how many more there are. */
function summary(candidates: PruneCandidate[]): string {
  const lines = candidates.slice(0, SUMMARY_NAMES).map((c) => `• ${describeCandidate(c)}`);
  if (candidates.length > SUMMARY_NAMES) lines.push(`… and ${candidates.length - SUMMARY_NAMES} more (“${SHOW_ALL}” lists them).`);
  return lines.join('\n');
}

function fullList(candidates: PruneCandidate[], type: 'network' | 'volume'): string {
  return `${candidates.length} unused ${type}s, as the prune confirmation found them:\n\n${candidates.map(describeCandidate).join('\n')}\n`;
}

/** Names joined with commas, the first SUMMARY_NAMES of them and how many more. */
function listNames(names: string[]): string {
  if (names.length <= SUMMARY_NAMES) return names.join(', ');
  return `${names.slice(0, SUMMARY_NAMES).join(', ')} and ${names.length - SUMMARY_NAMES} more`;
}

/** An engine that could not be read, as an outcome in the words the views use. */
function failure(engine: EngineApi, error: unknown): ActionOutcome {
  return { ok: false, message: plainFailure(error, engine.endpoint) };
}

/** The engine's full JSON for a network or volume, pretty-printed for a read-only editor. */
export async function inspectJson(engine: EngineApi, ref: ResourceRef): Promise<string> {
  const body =
    ref.type === 'network' ? await engine.inspectNetwork(ref.id) : ref.type === 'volume' ? await engine.inspectVolume(ref.name) : undefined;
  return `${JSON.stringify(body, null, 2)}\n`;
}

function addressBits(address: string, family: 4 | 6): bigint {
  if (family === 4) return address.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
  const [head, tail = ''] = address.includes('::') ? address.split('::') : [address, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...headGroups, ...Array(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups] : headGroups;
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group || '0', 16)), 0n);
}

function formatAddress(bits: bigint, family: 4 | 6): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((shift) => String((bits >> shift) & 255n)).join('.');
  return Array.from({ length: 8 }, (_, i) => ((bits >> BigInt(112 - 16 * i)) & 0xffffn).toString(16)).join(':');
}

function overlaps(a: ParsedCidr, b: ParsedCidr, width: number): boolean {
  const prefix = Math.min(a.prefix, b.prefix);
  const mask = ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - prefix)) - 1n);
  return (a.bits & mask) === (b.bits & mask);
}
