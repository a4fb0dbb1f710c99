// Docker contexts: which exist, which is current, and switching as `docker context use` does (it writes
// `currentContext` in config.json, and `default` removes it). Files come in through functions, as in endpoint.ts,
// so tests drive it on real folders and compare with the docker CLI. No vscode here.
import * as path from 'node:path';
import { dockerConfigDir, EndpointInputs } from './endpoint';

export interface DockerContext {
  name: string;
  /** The engine address the context names, as written in its meta.json. */
  host: string;
  description?: string;
  current: boolean;
}

export interface ContextInputs extends Pick<EndpointInputs, 'env' | 'homedir' | 'readFile'> {
  /** The entries of a folder, or an empty list when it cannot be read. */
  listDir(dir: string): string[];
}

/** The context the docker CLI uses now: DOCKER_CONTEXT, else currentContext in config.json, else `default`. */
export function currentContextName(inputs: ContextInputs): string {
  const fromEnv = inputs.env.DOCKER_CONTEXT?.trim();
  if (fromEnv) return fromEnv;
  const config = parseObject(inputs.readFile(path.join(dockerConfigDir(inputs), 'config.json')));
  const name = typeof config?.currentContext === 'string' ? config.currentContext.trim() : '';
  return name || 'default';
}

/** Every context: `default` (DOCKER_HOST or the platform's socket) first, then the others by name. */
export function listContexts(inputs: ContextInputs): DockerContext[] {
  const current = currentContextName(inputs);
  const metaDir = path.join(dockerConfigDir(inputs), 'contexts', 'meta');
  const others: DockerContext[] = [];
  for (const entry of inputs.listDir(metaDir)) {
    const meta = parseObject(inputs.readFile(path.join(metaDir, entry, 'meta.json')));
    const name = typeof meta?.Name === 'string' ? meta.Name : undefined;
    if (!name || name === 'default') continue;
    const endpoints = meta?.Endpoints as { docker?: { Host?: unknown } } | undefined;
    const metadata = meta?.Metadata as { Description?: unknown } | undefined;
    others.push({
      name,
      host: typeof endpoints?.docker?.Host === 'string' ? endpoints.docker.Host : '?',
      description: typeof metadata?.Description === 'string' && metadata.Description ? metadata.Description : undefined,
      current: name === current,
    });
  }
  others.sort((a, b) => a.name.localeCompare(b.name));
  const defaultHost = inputs.env.DOCKER_HOST?.trim() || 'the platform’s default socket';
  return [{ name: 'default', host: defaultHost, description: 'DOCKER_HOST, else the default socket', current: current === 'default' }, ...others];
}

/**
 * config.json's text after `docker context use <name>`: `currentContext` set (removed for `default`), every
 * other key kept. A missing or empty file starts from `{}`; a file that is not a JSON object is an error.
 */
export function useContextText(configText: string | undefined, name: string): string {
  const config = configText === undefined || configText.trim() === '' ? {} : parseObject(configText);
  if (!config) throw new Error('config.json is not a JSON object, so the current context cannot be recorded in it; fix or move the file.');
  if (name === 'default') delete config.currentContext;
  else config.currentContext = name;
  return `${JSON.stringify(config, null, '\t')}\n`;
}

/**
 * Why switching the context would not move the explorer, or undefined: the setting and DOCKER_HOST come before
 * the context, and DOCKER_CONTEXT wins over config.json, as for the docker CLI.
 */
export function contextOverride(setting: string | undefined, env: Record<string, string | undefined>): string | undefined {
  if (setting?.trim()) return 'dockml.docker.host is set, and it comes before the Docker context; clear it to follow the context.';
  if (env.DOCKER_HOST?.trim()) return 'DOCKER_HOST is set in the environment VS Code started with, and it comes before the Docker context.';
  if (env.DOCKER_CONTEXT?.trim()) return `DOCKER_CONTEXT=${env.DOCKER_CONTEXT} is set in the environment VS Code started with, and it wins over the current context.`;
  return undefined;
}

function parseObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
