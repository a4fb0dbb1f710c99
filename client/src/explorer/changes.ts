// What a burst of engine events changed, and how a view patches what it read last with only those objects, so
// that an event costs a read of one container, network or volume instead of the engine's whole lists.
import type { EngineApi, EngineEvent } from './engine';
import type { ContainerJson, ExplorerNode, NetworkJson, VolumeJson } from './model';

/** The objects a burst of events names: container and network ids, volume names. */
export interface EngineChanges {
  containers: string[];
  networks: string[];
  volumes: string[];
}

/** Past this many objects named by one burst of events (a prune, a large Compose up), a view reads everything. */
export const MAX_CHANGED = 100;

/**
 * The objects the events name, or undefined when they name more than MAX_CHANGED (reading everything is then
 * cheaper, and the ids would make a very long request). A network or volume event about a container (connect,
 * disconnect, mount, unmount) names that container too, because its attachments and mounts are what the views
 * join on.
 */
export function changesOf(events: readonly EngineEvent[]): EngineChanges | undefined {
  const containers = new Set<string>();
  const networks = new Set<string>();
  const volumes = new Set<string>();
  for (const event of events) {
    const id = event.Actor?.ID;
    if (!id) continue;
    if (event.Type === 'container') containers.add(id);
    else if (event.Type === 'network') networks.add(id);
    else if (event.Type === 'volume') volumes.add(id);
    const container = event.Actor?.Attributes?.container;
    if (container && event.Type !== 'container') containers.add(container);
  }
  if (containers.size + networks.size + volumes.size > MAX_CHANGED) return undefined;
  return { containers: [...containers], networks: [...networks], volumes: [...volumes] };
}

/**
 * `list` with the objects whose key is in `keys` replaced by those of `fresh`: updated where both have one,
 * removed where the engine no longer has it, added where it is new. The order of the others is kept.
 */
export function patchList<T>(list: readonly T[], keys: readonly string[], fresh: readonly T[], key: (item: T) => string): T[] {
  if (keys.length === 0) return [...list];
  const named = new Set(keys);
  const byKey = new Map(fresh.map((item) => [key(item), item]));
  const result: T[] = [];
  for (const item of list) {
    const k = key(item);
    if (!named.has(k)) result.push(item);
    else if (byKey.has(k)) {
      result.push(byKey.get(k)!);
      byKey.delete(k);
    }
  }
  for (const item of byKey.values()) result.push(item);
  return result;
}

/** Re-reads the containers `changes` names and patches `list` with them. */
export async function patchContainers(engine: EngineApi, list: readonly ContainerJson[], changes: EngineChanges): Promise<ContainerJson[]> {
  if (changes.containers.length === 0) return [...list];
  return patchList(list, changes.containers, await engine.listContainers(changes.containers), (c) => c.Id);
}

/** Re-reads the networks `changes` names and patches `list` with them. */
export async function patchNetworks(engine: EngineApi, list: readonly NetworkJson[], changes: EngineChanges): Promise<NetworkJson[]> {
  if (changes.networks.length === 0) return [...list];
  return patchList(list, changes.networks, await engine.listNetworks(changes.networks), (n) => n.Id);
}

/** Re-reads the volumes `changes` names and patches `list` with them. */
export async function patchVolumes(engine: EngineApi, list: readonly VolumeJson[], changes: EngineChanges): Promise<VolumeJson[]> {
  if (changes.volumes.length === 0) return [...list];
  return patchList(list, changes.volumes, await engine.listVolumes(changes.volumes), (v) => v.Name);
}

/**
 * Nodes built before, kept while what they show is the same: the object they stand for (the engine's JSON, replaced
 * only when an event re-reads it) and their other inputs, compared one by one. A view rebuilt after an event that
 * named one object of thousands so reuses the other nodes, and the provider skips them when it compares.
 */
export class NodeMemo<K extends object> {
  private readonly memo = new WeakMap<K, { inputs: readonly unknown[]; node: ExplorerNode }>();

  node(key: K, inputs: readonly unknown[], build: () => ExplorerNode): ExplorerNode {
    const hit = this.memo.get(key);
    if (hit && hit.inputs.length === inputs.length && hit.inputs.every((input, i) => input === inputs[i])) return hit.node;
    const node = build();
    this.memo.set(key, { inputs, node });
    return node;
  }
}
