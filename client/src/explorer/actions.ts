// The explorer's actions on networks and volumes: input validation, confirmation wording, and the engine calls.
//
// Every destructive call waits for `ActionUi.confirm`, a modal dialog in VS Code and a scripted answer in
// tests. Engine refusals come back as sentences from errors.ts, never as silent failures. No vscode here.
import * as net from 'node:net';
import type { EngineApi, NetworkSpec, VolumeSpec } from './engine';
import { explainRefusal } from './errors';
import { containersMountingVolume, containersOnNetwork, containerUser, formatBytes, isBuiltinNetwork, ResourceRef } from './model';

export interface ActionUi {
  /** Asks a modal yes/no question; `confirmLabel` names the destructive button. */
  confirm(message: string, detail: string, confirmLabel: string): Promise<boolean>;
}

/** What an action did, for a notification: `ok` false means nothing (or not everything) happened. */
export interface ActionOutcome {
  ok: boolean;
  message: string;
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
  const networks = await engine.listNetworks();
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
  const volumes = await engine.listVolumes();
  const problem = validateVolumeName(spec.name, volumes.map((v) => v.Name));
  if (problem) return { ok: false, message: problem };
  try {
    await engine.createVolume(spec);
    return { ok: true, message: `Created volume “${spec.name}”.` };
  } catch (error) {
    return { ok: false, message: explainRefusal(error, { action: 'create', type: 'volume', name: spec.name, users: [] }) };
  }
}

/** Removes one network or volume after a modal confirmation that names what will be lost. */
export async function removeResource(engine: EngineApi, ref: ResourceRef, ui: ActionUi): Promise<ActionOutcome> {
  if (ref.type === 'container') return { ok: false, message: 'DockML does not remove containers.' };
  if (ref.type === 'network' && (ref.builtin || isBuiltinNetwork({ Name: ref.name }))) {
    return { ok: false, message: `“${ref.name}” is a built-in network; the engine needs it and never removes it.` };
  }
  // The users are read again: the tree may be a few seconds old, and the question must be about the present.
  const containers = await engine.listContainers();
  const users =
    ref.type === 'network'
      ? containersOnNetwork({ Id: ref.id, Name: ref.name }, containers).map((a) => containerUser(a.container))
      : containersMountingVolume({ Name: ref.name }, containers).map((m) => containerUser(m.container));
  const inUse = users.length > 0 ? ` It is used by ${users.join(', ')}, so the engine is expected to refuse.` : '';
  const question =
    ref.type === 'network'
      ? {
          message: `Remove network “${ref.name}”?`,
          detail: `Containers will no longer be able to join it, and its subnet is released.${inUse}`,
        }
      : {
          message: `Delete volume “${ref.name}” and all its data${ref.size !== undefined ? ` (${formatBytes(ref.size)})` : ''}?`,
          detail: `Every file in the volume is permanently deleted; this cannot be undone.${inUse}`,
        };
  if (!(await ui.confirm(question.message, question.detail, ref.type === 'network' ? 'Remove Network' : 'Delete Volume'))) {
    return { ok: false, message: 'Nothing was removed.' };
  }
  try {
    if (ref.type === 'network') await engine.removeNetwork(ref.id);
    else await engine.removeVolume(ref.name);
    return { ok: true, message: `Removed ${ref.type} “${ref.name}”.` };
  } catch (error) {
    return { ok: false, message: explainRefusal(error, { action: 'remove', type: ref.type, name: ref.name, users }) };
  }
}

/** One object a prune would remove, with the words the confirmation shows for it. */
export interface PruneCandidate {
  id: string;
  name: string;
  size?: number;
}

/** The networks and volumes no container (running or stopped) uses; built-in networks are never candidates. */
export async function pruneCandidates(engine: EngineApi, type: 'network' | 'volume'): Promise<PruneCandidate[]> {
  const containers = await engine.listContainers();
  if (type === 'network') {
    const networks = await engine.listNetworks();
    return networks
      .filter((n) => !isBuiltinNetwork(n) && containersOnNetwork(n, containers).length === 0)
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
      return { id: v.Name, name: v.Name, size: size !== undefined && size >= 0 ? size : undefined };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Lists what a prune would remove, asks, and removes exactly those objects one by one. The engine's own
 * prune endpoints are not used: they would also take whatever became unused after the list was shown.
 */
export async function prune(engine: EngineApi, type: 'network' | 'volume', ui: ActionUi): Promise<ActionOutcome & { removed: string[] }> {
  const candidates = await pruneCandidates(engine, type);
  const plural = `${type}s`;
  if (candidates.length === 0) return { ok: true, message: `No unused ${plural}: nothing to prune.`, removed: [] };
  const total = candidates.reduce((sum, c) => sum + (c.size ?? 0), 0);
  const list = candidates.map((c) => `• ${c.name}${c.size !== undefined ? ` (${formatBytes(c.size)})` : ''}`).join('\n');
  const message =
    type === 'network'
      ? `Remove ${candidates.length} unused network${candidates.length === 1 ? '' : 's'}?`
      : `Delete ${candidates.length} unused volume${candidates.length === 1 ? '' : 's'} and their data${total > 0 ? ` (${formatBytes(total)})` : ''}?`;
  const detail = `These and nothing else will be removed:\n${list}${type === 'volume' ? '\n\nVolume data cannot be recovered.' : ''}`;
  if (!(await ui.confirm(message, detail, type === 'network' ? 'Remove Networks' : 'Delete Volumes'))) {
    return { ok: false, message: 'Nothing was pruned.', removed: [] };
  }
  const removed: string[] = [];
  const failures: string[] = [];
  for (const candidate of candidates) {
    try {
      if (type === 'network') await engine.removeNetwork(candidate.id);
      else await engine.removeVolume(candidate.id);
      removed.push(candidate.name);
    } catch (error) {
      failures.push(explainRefusal(error, { action: 'remove', type, name: candidate.name, users: [] }));
    }
  }
  const done = removed.length > 0 ? `Removed ${removed.length} ${removed.length === 1 ? type : plural}: ${removed.join(', ')}.` : `Removed no ${plural}.`;
  return { ok: failures.length === 0, message: [done, ...failures].join(' '), removed };
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
