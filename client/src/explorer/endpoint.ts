// Decides which Docker (or Podman) API endpoint the explorer reads, the way the docker CLI would.
//
// The order is: the `dockml.docker.host` setting, then DOCKER_HOST (with DOCKER_TLS_VERIFY and
// DOCKER_CERT_PATH for TLS), then the current Docker context (DOCKER_CONTEXT, else `currentContext` in
// ~/.docker/config.json, looked up in ~/.docker/contexts/meta/<sha256 of the name>/meta.json), and last
// the platform's default socket. Everything the resolution reads comes in through `EndpointInputs`, so
// it is a pure function that tests drive with plain objects.
import { createHash } from 'node:crypto';
import * as path from 'node:path';

/** Where the endpoint came from, shown in the view's title so the user knows what the tree reads. */
export type EndpointSource = 'setting' | 'DOCKER_HOST' | 'context' | 'default';

/** TLS material for a tcp endpoint: file paths, read only when the engine client is built. */
export interface EndpointTls {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  /** Whether the server certificate is checked; DOCKER_TLS_VERIFY asks for it, a context may skip it. */
  verify: boolean;
}

export type Endpoint =
  | { kind: 'unix'; socketPath: string; source: EndpointSource; context?: string }
  | { kind: 'npipe'; pipePath: string; source: EndpointSource; context?: string }
  | { kind: 'tcp'; host: string; port: number; tls?: EndpointTls; source: EndpointSource; context?: string }
  | { kind: 'ssh'; host: string; port: number; user?: string; source: EndpointSource; context?: string };

/** What endpoint resolution may look at; the extension passes the real process and file system. */
export interface EndpointInputs {
  /** The `dockml.docker.host` setting, empty when unset. */
  setting?: string;
  env: Record<string, string | undefined>;
  platform: NodeJS.Platform;
  homedir: string;
  /** Returns a file's text, or undefined when it cannot be read. */
  readFile(file: string): string | undefined;
  /** Tells whether a path exists (used to pick among the default sockets). */
  exists(file: string): boolean;
}

/** A setting or variable that names an endpoint the resolver cannot use. */
export class EndpointError extends Error {
  constructor(
    message: string,
    readonly source: EndpointSource,
  ) {
    super(message);
    this.name = 'EndpointError';
  }
}

export function resolveEndpoint(inputs: EndpointInputs): Endpoint {
  const setting = inputs.setting?.trim();
  if (setting) return parseHost(setting, 'setting', inputs);
  const dockerHost = inputs.env.DOCKER_HOST?.trim();
  if (dockerHost) return parseHost(dockerHost, 'DOCKER_HOST', inputs);
  return fromContext(inputs) ?? platformDefault(inputs);
}

/** Parses a DOCKER_HOST-style address: unix://, npipe://, tcp://, ssh://, or a bare socket path. */
export function parseHost(host: string, source: EndpointSource, inputs: EndpointInputs, context?: string): Endpoint {
  if (host.startsWith('/')) return { kind: 'unix', socketPath: host, source, context };
  const match = /^([a-z]+):\/\/(.*)$/.exec(host);
  if (!match) {
    throw new EndpointError(`"${host}" is not an engine address; use unix:///path, tcp://host:port or ssh://user@host.`, source);
  }
  const [, scheme, rest] = match;
  switch (scheme) {
    case 'unix':
      if (!rest) throw new EndpointError(`"${host}" names no socket path.`, source);
      return { kind: 'unix', socketPath: rest, source, context };
    case 'npipe':
      return { kind: 'npipe', pipePath: rest || '//./pipe/docker_engine', source, context };
    case 'tcp':
    case 'http':
    case 'https': {
      const url = parseUrl(host.replace(/^[a-z]+:/, 'http:'), host, source);
      const tls = tlsFromEnv(inputs, scheme === 'https');
      const port = url.port ? Number(url.port) : tls ? 2376 : 2375;
      return { kind: 'tcp', host: url.hostname, port, tls, source, context };
    }
    case 'ssh': {
      const url = parseUrl(host, host, source);
      return { kind: 'ssh', host: url.hostname, port: url.port ? Number(url.port) : 22, user: url.username || undefined, source, context };
    }
    default:
      throw new EndpointError(`"${host}" uses the unsupported scheme "${scheme}".`, source);
  }
}

/** A short text naming the endpoint and where it came from, for the views' title. */
export function describeEndpoint(endpoint: Endpoint): string {
  const from =
    endpoint.source === 'context' ? `context ${endpoint.context}` : endpoint.source === 'setting' ? 'dockml.docker.host' : endpoint.source;
  return `${endpointAddress(endpoint)} (${from})`;
}

/** The endpoint as an address the docker CLI would accept. */
export function endpointAddress(endpoint: Endpoint): string {
  switch (endpoint.kind) {
    case 'unix':
      return `unix://${endpoint.socketPath}`;
    case 'npipe':
      return `npipe://${endpoint.pipePath}`;
    case 'tcp':
      return `${endpoint.tls ? 'https' : 'tcp'}://${endpoint.host}:${endpoint.port}`;
    case 'ssh':
      return `ssh://${endpoint.user ? `${endpoint.user}@` : ''}${endpoint.host}${endpoint.port === 22 ? '' : `:${endpoint.port}`}`;
  }
}

/** The folder holding config.json and contexts/, which DOCKER_CONFIG may move. */
export function dockerConfigDir(inputs: Pick<EndpointInputs, 'env' | 'homedir'>): string {
  return inputs.env.DOCKER_CONFIG || path.join(inputs.homedir, '.docker');
}

function parseUrl(text: string, original: string, source: EndpointSource): URL {
  try {
    return new URL(text);
  } catch {
    throw new EndpointError(`"${original}" is not a valid engine address.`, source);
  }
}

// The docker CLI turns TLS on when DOCKER_TLS or DOCKER_TLS_VERIFY is set, and checks the server only for the latter.
function tlsFromEnv(inputs: EndpointInputs, forced: boolean): EndpointTls | undefined {
  const verify = !!inputs.env.DOCKER_TLS_VERIFY;
  if (!forced && !verify && !inputs.env.DOCKER_TLS) return undefined;
  const certDir = inputs.env.DOCKER_CERT_PATH || dockerConfigDir(inputs);
  return tlsFromDir(certDir, verify, inputs);
}

function tlsFromDir(dir: string, verify: boolean, inputs: EndpointInputs): EndpointTls {
  const file = (name: string) => {
    const full = path.join(dir, name);
    return inputs.exists(full) ? full : undefined;
  };
  return { caFile: file('ca.pem'), certFile: file('cert.pem'), keyFile: file('key.pem'), verify };
}

interface ContextMeta {
  Name?: string;
  Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } };
}

function fromContext(inputs: EndpointInputs): Endpoint | undefined {
  const configDir = dockerConfigDir(inputs);
  let name = inputs.env.DOCKER_CONTEXT?.trim();
  if (!name) {
    const config = parseJson<{ currentContext?: string }>(inputs.readFile(path.join(configDir, 'config.json')));
    name = config?.currentContext?.trim();
  }
  if (!name || name === 'default') return undefined;
  const hash = createHash('sha256').update(name).digest('hex');
  const metaFile = path.join(configDir, 'contexts', 'meta', hash, 'meta.json');
  const meta = parseJson<ContextMeta>(inputs.readFile(metaFile));
  const host = meta?.Endpoints?.docker?.Host;
  if (!host) {
    throw new EndpointError(`The current Docker context "${name}" has no readable docker endpoint in ${metaFile}.`, 'context');
  }
  const endpoint = parseHost(host, 'context', inputs, name);
  if (endpoint.kind === 'tcp') {
    const tlsDir = path.join(configDir, 'contexts', 'tls', hash, 'docker');
    const tls = tlsFromDir(tlsDir, !meta.Endpoints?.docker?.SkipTLSVerify, inputs);
    return { ...endpoint, tls: tls.caFile || tls.certFile ? tls : endpoint.tls };
  }
  return endpoint;
}

// Docker Engine's socket comes first; Docker Desktop, rootless Docker and rootless Podman follow, and the
// first that exists wins. When none exists the engine's usual socket is returned, so the error names it.
function platformDefault(inputs: EndpointInputs): Endpoint {
  if (inputs.platform === 'win32') return { kind: 'npipe', pipePath: '//./pipe/docker_engine', source: 'default' };
  const runtimeDir = inputs.env.XDG_RUNTIME_DIR;
  const candidates = [
    '/var/run/docker.sock',
    path.join(inputs.homedir, '.docker', 'run', 'docker.sock'),
    ...(runtimeDir ? [path.join(runtimeDir, 'docker.sock'), path.join(runtimeDir, 'podman', 'podman.sock')] : []),
    '/run/podman/podman.sock',
  ];
  const socketPath = candidates.find((c) => inputs.exists(c)) ?? candidates[0];
  return { kind: 'unix', socketPath, source: 'default' };
}

function parseJson<T>(text: string | undefined): T | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}
