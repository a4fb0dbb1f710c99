// The Networks view's actions: checks of a new network's name, driver, subnet and gateway before the engine is
// called, a free subnet to offer, and the wording of a network's removal and prune confirmations.
import * as net from 'node:net';
import { ActionOutcome, engineFailure, listNames, NAME, PruneCandidate, PruneQuestion, summary } from '../actions';
import type { EngineApi, NetworkSpec } from '../engine';
import { explainRefusal } from '../errors';
import { ContainerJson, containerUser, NetworkJson } from '../model';

/** Network drivers a user can create; `host` and `null` exist once per engine and cannot be created. */
export const NETWORK_DRIVERS = ['bridge', 'overlay', 'macvlan', 'ipvlan'] as const;

/** Returns why a network name is unusable, or undefined when it is fine. */
export function validateNetworkName(name: string, existing: string[] = []): string | undefined {
  if (!name) return 'Enter a name.';
  if (!NAME.test(name)) return 'Use letters, digits, "_", "." and "-", starting with a letter or digit.';
  if (existing.includes(name)) return `A network named “${name}” already exists.`;
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
  const networks = await engine.listNetworks().catch((error: unknown) => engineFailure(engine, error));
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

/** Container states in which the engine keeps a container's network endpoints, and so refuses to remove the network. */
export const ACTIVE_STATES = new Set(['running', 'paused', 'restarting']);

export function networkQuestion(name: string, users: ContainerJson[], ingress: boolean): { message: string; detail: string } | { refusal: string; blockers: ContainerJson[] } {
  const active = users.filter((c) => ACTIVE_STATES.has(c.State ?? ''));
  if (active.length > 0) {
    return {
      refusal: `Network “${name}” cannot be removed while ${listNames(active.map(containerUser))} ${active.length === 1 ? 'is' : 'are'} attached: the engine refuses. Stop or disconnect ${active.length === 1 ? 'it' : 'them'} first. Nothing was removed.`,
      blockers: active,
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

/** The swarm's routing mesh: `ingress` and the bridge that carries it to this node; a prune leaves both alone. */
export function isSwarmSystemNetwork(network: NetworkJson): boolean {
  return network.Ingress === true || network.Name === 'docker_gwbridge';
}

export function networkPruneQuestion(candidates: PruneCandidate[]): PruneQuestion {
  const n = candidates.length;
  return {
    message: `Remove ${n} unused network${n === 1 ? '' : 's'}?`,
    detail: `These and nothing else will be removed:\n${summary(candidates)}`,
    choices: new Map([['Remove Networks', candidates]]),
  };
}

/**
 * The first /24 in 10.20.0.0–10.254.255.0, then 192.168.x.0, that overlaps none of `live`: the wizard's default,
 * so accepting it never collides with a network the engine already has.
 */
export function freeSubnet(live: string[]): string | undefined {
  const taken = live.map((subnet) => parseCidr(subnet)).filter((c): c is ParsedCidr => c !== undefined && c.family === 4);
  const candidates = [
    ...Array.from({ length: 235 }, (_, i) => `10.${20 + i}.0.0/24`),
    ...Array.from({ length: 256 }, (_, i) => `192.168.${i}.0/24`),
  ];
  return candidates.find((candidate) => {
    const cidr = parseCidr(candidate)!;
    return !taken.some((other) => overlaps(cidr, other, 32));
  });
}

/** The first host address of an IPv4 subnet, the gateway the engine would pick; undefined for anything else. */
export function firstHost(subnet: string): string | undefined {
  const cidr = parseCidr(subnet);
  if (!cidr || cidr.family !== 4 || cidr.prefix > 30) return undefined;
  return formatAddress(cidr.bits + 1n, 4);
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
