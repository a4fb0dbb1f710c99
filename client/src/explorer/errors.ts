// Turns engine failures into plain words: why the engine cannot be read, and why it refused an action.
import { describeEndpoint, Endpoint, EndpointError } from './endpoint';

/** The oldest Engine API the explorer reads; /system/df, which gives volume sizes, arrived in 1.25. */
export const MIN_API_VERSION = '1.25';

/** Why the engine cannot be read at all; each kind becomes its own state node in the views. */
export type FaultKind = 'unreachable' | 'permission' | 'tooOld' | 'badEndpoint' | 'unexpected';

export interface EngineFault {
  kind: FaultKind;
  /** One line saying what is wrong. */
  title: string;
  /** The underlying error in plain words. */
  detail: string;
  /** What the user can do about it, when there is something specific. */
  hint?: string;
  /** The endpoint that was tried, as shown in the views' title. */
  endpoint: string;
}

/** The shape of errors from docker-modem and Node's sockets, as far as the explorer reads them. */
interface RawEngineError {
  code?: string;
  name?: string;
  statusCode?: number;
  message?: string;
  json?: { message?: string } | null;
}

/** Raised when the engine answers but speaks an API older than MIN_API_VERSION. */
export class EngineTooOldError extends Error {
  constructor(
    readonly apiVersion: string,
    readonly engineVersion: string,
  ) {
    super(`The engine speaks API ${apiVersion}; DockML needs ${MIN_API_VERSION} or newer.`);
    this.name = 'EngineTooOldError';
  }
}

/** Raised when a request gets no answer in time; the message names the request and the limit. */
export class EngineTimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`The engine did not answer ${what} within ${ms / 1000} s.`);
    this.name = 'EngineTimeoutError';
  }
}

/** Raised when the engine answers, but with something that is not the shape its API documents. */
export class EngineAnswerError extends Error {
  constructor(what: string, problem: string) {
    super(`${what} answered ${problem}.`);
    this.name = 'EngineAnswerError';
  }
}

/** Compares dotted API versions such as 1.41 and 1.9, numerically part by part. */
export function compareApiVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The engine's own message for an HTTP error, without docker-modem's "(HTTP code …)" wrapping. */
export function engineMessage(error: unknown): string {
  const raw = error as RawEngineError;
  return (raw?.json?.message ?? raw?.message ?? String(error)).trim();
}

export function classifyFault(error: unknown, endpoint: Endpoint | undefined): EngineFault {
  const where = endpoint ? describeEndpoint(endpoint) : 'no endpoint';
  const target = endpoint ? socketOrHost(endpoint) : 'the engine';
  if (error instanceof EndpointError) {
    return {
      kind: 'badEndpoint',
      title: 'The Docker endpoint is not usable',
      detail: error.message,
      hint: 'Fix the dockml.docker.host setting, DOCKER_HOST or the current Docker context.',
      endpoint: error.source,
    };
  }
  if (error instanceof EngineTooOldError) {
    return {
      kind: 'tooOld',
      title: `Engine ${error.engineVersion} is too old`,
      detail: error.message,
      hint: 'Upgrade Docker (Engine 1.13 or newer) or Podman, or point dockml.docker.host at a newer engine.',
      endpoint: where,
    };
  }
  const raw = error as RawEngineError;
  switch (raw?.code) {
    case 'EACCES':
    case 'EPERM':
      return {
        kind: 'permission',
        title: `Permission denied on ${target}`,
        detail: `This user may not open ${target}.`,
        hint:
          endpoint?.kind === 'unix'
            ? 'Add yourself to the group that owns the socket (usually: sudo usermod -aG docker $USER), then log out and in again; or use rootless Docker or Podman and point dockml.docker.host at its socket.'
            : 'Check the credentials or permissions the endpoint requires.',
        endpoint: where,
      };
    case 'ENOENT':
      return unreachable(where, `There is no socket at ${target}: the engine is not running, or it listens elsewhere.`);
    case 'ECONNREFUSED':
      return unreachable(where, `Nothing accepts connections at ${target}: the engine is not running.`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return unreachable(where, `The host name in ${target} cannot be resolved.`);
    case 'ECONNRESET':
    case 'EPIPE':
      return unreachable(where, `The connection to ${target} was dropped: the engine stopped or restarted.`);
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return unreachable(where, `${target} cannot be reached over the network.`);
  }
  if (error instanceof EngineAnswerError) {
    return {
      kind: 'unexpected',
      title: 'The engine answered something unexpected',
      detail: error.message,
      hint: 'The endpoint may not be a Docker or Podman engine, or a proxy in front of it changes its answers.',
      endpoint: where,
    };
  }
  if (error instanceof EngineTimeoutError) return unreachable(where, `${error.message} It may be stopped, starting or overloaded.`);
  if (raw?.statusCode !== undefined) {
    return unreachable(where, `The engine answered with an error (HTTP ${raw.statusCode}): ${engineMessage(error)}`);
  }
  return unreachable(where, engineMessage(error));
}

/**
 * A failed engine call as one sentence for a notification, in the words the views' state nodes use (not a raw
 * `connect ENOENT /var/run/docker.sock`). Errors that are not about the engine keep their own message.
 */
export function plainFailure(error: unknown, endpoint: Endpoint | undefined): string {
  const raw = error as RawEngineError;
  const aboutEngine =
    error instanceof EndpointError ||
    error instanceof EngineTooOldError ||
    error instanceof EngineTimeoutError ||
    error instanceof EngineAnswerError ||
    typeof raw?.code === 'string' ||
    raw?.statusCode !== undefined;
  if (!aboutEngine) return error instanceof Error ? error.message : String(error);
  const fault = classifyFault(error, endpoint);
  return `${fault.title}: ${fault.detail}${fault.hint ? ` ${fault.hint}` : ''}`;
}

function unreachable(endpoint: string, detail: string): EngineFault {
  return {
    kind: 'unreachable',
    title: 'Cannot reach the container engine',
    detail,
    hint: 'Start Docker or Podman, or point dockml.docker.host at a running engine.',
    endpoint,
  };
}

function socketOrHost(endpoint: Endpoint): string {
  switch (endpoint.kind) {
    case 'unix':
      return endpoint.socketPath;
    case 'npipe':
      return endpoint.pipePath;
    default:
      return `${endpoint.host}:${endpoint.port}`;
  }
}

/** A failed create or remove: what was asked, and the users of the object when the engine said it is busy. */
export interface RefusalContext {
  action: 'create' | 'remove';
  type: 'network' | 'volume' | 'image';
  name: string;
  /** Containers that use the object, named for the user, e.g. "trainer (running)". */
  users: string[];
}

/** Explains an engine refusal in a sentence that says what happened to the user's data. */
export function explainRefusal(error: unknown, ctx: RefusalContext): string {
  const raw = error as RawEngineError;
  const message = engineMessage(error);
  const what = `${ctx.type} “${ctx.name}”`;
  if (ctx.action === 'remove') {
    if (/pre-defined network/i.test(message)) return `Docker refused to remove ${what}: it is a built-in network, which the engine never removes.`;
    if (raw?.statusCode === 404) return `The ${what} no longer exists: it was removed outside DockML.`;
    if (ctx.type === 'volume' && (raw?.statusCode === 409 || /in use/i.test(message))) {
      const by = ctx.users.length > 0 ? ` by ${ctx.users.join(', ')}` : '';
      return `Docker refused to remove ${what}: it is in use${by}. Nothing was deleted. Remove those containers first; a stopped container still holds its volumes.`;
    }
    if (ctx.type === 'network' && /active endpoints/i.test(message)) {
      const by = ctx.users.length > 0 ? `${ctx.users.join(', ')} ${ctx.users.length === 1 ? 'is' : 'are'} still attached` : 'containers are still attached';
      return `Docker refused to remove ${what}: ${by}. Nothing was removed. Disconnect or remove those containers first.`;
    }
    return `Docker refused to remove ${what}: ${message}`;
  }
  if (raw?.statusCode === 409 || /already exists/i.test(message)) return `A ${ctx.type} named “${ctx.name}” already exists.`;
  if (/overlap/i.test(message)) return `Docker refused to create ${what}: its subnet overlaps a network that already exists (${message}).`;
  return `Docker refused to create ${what}: ${message}`;
}
