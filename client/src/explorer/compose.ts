// Connects Compose files to live objects: which top-level `networks:`/`volumes:` entry made which network or volume.
//
// Compose names what it creates `<project>_<key>` (or the entry's `name:`), and labels it with
// com.docker.compose.project and com.docker.compose.network / .volume = <key>. The explorer matches by
// those labels first and by the resulting name second. Pure: the VS Code side feeds texts and API JSON.
import * as path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { ContainerJson, containersMountingVolume, containersOnNetwork, NetworkJson, ResourceRef, VolumeJson } from './model';

export interface SourceRange {
  /** 0-based line and character, as VS Code counts them. */
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

export interface ComposeDeclaration {
  type: 'network' | 'volume';
  /** The key under `networks:` or `volumes:`. */
  key: string;
  /** The name the engine knows it by once Compose has created it (or, for `external`, already has). */
  liveName: string;
  external: boolean;
  /** A volume that no service of the file mounts, in a file with services: `up` never creates it (the unused-volume rule). */
  unused?: boolean;
  /** Where the key is written. */
  range: SourceRange;
}

export interface ComposeFileInfo {
  file: string;
  project: string;
  declarations: ComposeDeclaration[];
  /** The service names, and where the top-level `services:` key is written (for the lifecycle lens). */
  services?: { names: string[]; range: SourceRange };
}

/** Compose's project name: COMPOSE_PROJECT_NAME, else the file's top-level `name:`, else its folder's name, normalized. */
export function composeProjectName(file: string, declaredName: string | undefined, env: Record<string, string | undefined> = {}): string {
  const raw = env.COMPOSE_PROJECT_NAME || declaredName || path.basename(path.dirname(file));
  return raw.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[^a-z0-9]+/, '');
}

export function parseComposeFile(file: string, text: string, env: Record<string, string | undefined> = {}): ComposeFileInfo {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const root = doc.contents;
  const declarations: ComposeDeclaration[] = [];
  let declaredName: string | undefined;
  if (isMap(root)) {
    const name = root.get('name');
    if (typeof name === 'string') declaredName = name;
  }
  const project = composeProjectName(file, declaredName, env);
  if (!isMap(root)) return { file, project, declarations };
  const mounted = mountedVolumes(root.get('services', true));
  const toRange = (start: number, end: number): SourceRange => {
    const from = lineCounter.linePos(start);
    const to = lineCounter.linePos(end);
    return { startLine: from.line - 1, startCharacter: from.col - 1, endLine: to.line - 1, endCharacter: to.col - 1 };
  };
  const servicesPair = root.items.find((pair) => isScalar(pair.key) && pair.key.value === 'services');
  const services =
    servicesPair && isScalar(servicesPair.key) && servicesPair.key.range
      ? {
          names: isMap(servicesPair.value) ? servicesPair.value.items.map((item) => String(isScalar(item.key) ? item.key.value : item.key)) : [],
          range: toRange(servicesPair.key.range[0], servicesPair.key.range[1]),
        }
      : undefined;
  for (const [section, type] of [
    ['networks', 'network'],
    ['volumes', 'volume'],
  ] as const) {
    const entries = root.get(section, true);
    if (!isMap(entries)) continue;
    for (const pair of entries.items) {
      if (!isScalar(pair.key) || !pair.key.range) continue;
      const key = String(pair.key.value);
      const body = isMap(pair.value) ? pair.value : undefined;
      const explicitName = body?.get('name');
      const externalValue = body?.get('external');
      const external = externalValue === true || isMap(externalValue);
      const externalName = isMap(externalValue) ? externalValue.get('name') : undefined;
      const liveName =
        typeof explicitName === 'string' ? explicitName : typeof externalName === 'string' ? externalName : external ? key : `${project}_${key}`;
      const [start, end] = pair.key.range;
      const from = lineCounter.linePos(start);
      const to = lineCounter.linePos(end);
      declarations.push({
        type,
        key,
        liveName,
        external,
        ...(type === 'volume' && mounted && !mounted.has(key) ? { unused: true } : {}),
        range: { startLine: from.line - 1, startCharacter: from.col - 1, endLine: to.line - 1, endCharacter: to.col - 1 },
      });
    }
  }
  return { file, project, declarations, services };
}

/**
 * The named volumes the file's services mount (short `name:/path` and long `source: name` syntax), or undefined
 * for a file without services, which the unused-volume rule does not judge either.
 */
function mountedVolumes(services: unknown): Set<string> | undefined {
  if (!isMap(services) || services.items.length === 0) return undefined;
  const names = new Set<string>();
  for (const service of services.items) {
    const volumes = isMap(service.value) ? service.value.get('volumes', true) : undefined;
    if (!isSeq(volumes)) continue;
    for (const item of volumes.items) {
      if (isScalar(item) && typeof item.value === 'string') {
        const source = item.value.split(':')[0];
        if (item.value.includes(':') && source && !/^[./~$]/.test(source)) names.add(source);
      } else if (isMap(item)) {
        const source = item.get('source');
        if (typeof source === 'string' && (item.get('type') ?? 'volume') === 'volume') names.add(source);
      }
    }
  }
  return names;
}

/** The declaration that made a live network or volume: by Compose labels first, then by name. */
export function findDeclaration(files: ComposeFileInfo[], ref: ResourceRef): { file: ComposeFileInfo; declaration: ComposeDeclaration } | undefined {
  if (ref.type !== 'network' && ref.type !== 'volume') return undefined;
  const all = files.flatMap((file) => file.declarations.filter((d) => d.type === ref.type).map((declaration) => ({ file, declaration })));
  if (ref.project && ref.composeKey) {
    const byLabel = all.find(({ file, declaration }) => file.project === ref.project && declaration.key === ref.composeKey);
    if (byLabel) return byLabel;
  }
  return all.find(({ declaration }) => declaration.liveName === ref.name);
}

/** What the engine has for a declaration: the text of its code lens and hover, and the live object if any. */
export interface LiveStatus {
  exists: boolean;
  summary: string;
  ref?: ResourceRef;
}

export function liveStatus(
  project: string,
  declaration: ComposeDeclaration,
  live: { networks: NetworkJson[]; volumes: VolumeJson[]; containers: ContainerJson[] },
): LiveStatus {
  const labelled = (labels: Record<string, string> | null | undefined) =>
    labels?.['com.docker.compose.project'] === project && labels?.[`com.docker.compose.${declaration.type}`] === declaration.key;
  const missing = declaration.external
    ? `Not live: external ${declaration.type} “${declaration.liveName}” does not exist, so \`docker compose up\` will fail.`
    : declaration.unused
      ? `Not live: no service mounts “${declaration.key}”, so \`docker compose up\` does not create it (unused-volume).`
      : `Not live: “${declaration.liveName}” does not exist yet; \`docker compose up\` creates it.`;
  if (declaration.type === 'network') {
    const network = live.networks.find((n) => labelled(n.Labels)) ?? live.networks.find((n) => n.Name === declaration.liveName);
    if (!network) return { exists: false, summary: missing };
    const attached = containersOnNetwork(network, live.containers);
    const subnet = (network.IPAM?.Config ?? []).map((c) => c.Subnet).filter(Boolean).join(', ');
    const facts = [network.Driver, subnet, network.Internal && 'internal', `${attached.length} container${attached.length === 1 ? '' : 's'}`].filter(Boolean);
    return {
      exists: true,
      summary: `Live: network “${network.Name}” (${facts.join(', ')})`,
      ref: { type: 'network', id: network.Id, name: network.Name, builtin: false, users: [] },
    };
  }
  const volume = live.volumes.find((v) => labelled(v.Labels)) ?? live.volumes.find((v) => v.Name === declaration.liveName);
  if (!volume) return { exists: false, summary: missing };
  const mounts = containersMountingVolume(volume, live.containers);
  const use = mounts.length === 0 ? 'unused' : `mounted by ${mounts.length} container${mounts.length === 1 ? '' : 's'}`;
  return {
    exists: true,
    summary: `Live: volume “${volume.Name}” (${volume.Driver ?? 'local'}, ${use})`,
    ref: { type: 'volume', name: volume.Name, users: [] },
  };
}
