// The Containers view's actions: start, stop, restart and remove through the Engine API, the removal's
// confirmation, the command line that opens a shell, the address of a published port, and a log follower that
// survives an engine restart. No vscode here: the commands in commands.ts put these behind dialogs and terminals.
import * as path from 'node:path';
import { ActionOutcome, ActionUi, engineFailure, listNames } from '../actions';
import type { EngineApi } from '../engine';
import type { Endpoint } from '../endpoint';
import { engineMessage } from '../errors';
import type { PublishedPort, ResourceRef } from '../model';

export type ContainerRef = Extract<ResourceRef, { type: 'container' }>;

const PAST = { start: 'Started', stop: 'Stopped', restart: 'Restarted' } as const;

/** Starts, stops or restarts a container; the engine answering "already so" (HTTP 304) is said as such. */
export async function changeState(engine: EngineApi, ref: ContainerRef, action: 'start' | 'stop' | 'restart'): Promise<ActionOutcome> {
  try {
    if (action === 'start') await engine.startContainer(ref.id);
    else if (action === 'stop') await engine.stopContainer(ref.id);
    else await engine.restartContainer(ref.id);
    return { ok: true, message: `${PAST[action]} container “${ref.name}”.` };
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 304) return { ok: true, message: `Container “${ref.name}” was already ${action === 'start' ? 'running' : 'stopped'}.` };
    if (status === 404) return { ok: false, message: `Container “${ref.name}” no longer exists: it was removed outside DockML.` };
    if (status !== undefined) return { ok: false, message: `Docker refused to ${action} container “${ref.name}”: ${engineMessage(error)}` };
    return engineFailure(engine, error);
  }
}

interface InspectedMount {
  Type?: string;
  Name?: string;
  Destination?: string;
}

/**
 * Removes a container after a modal confirmation that names it, says whether it is running (it is stopped
 * first), and names the volumes it mounts. Volumes are kept unless the user picks the button that also deletes
 * the container's anonymous volumes (named volumes are never deleted by a container removal).
 */
export async function removeContainer(engine: EngineApi, ref: ContainerRef, ui: ActionUi): Promise<ActionOutcome> {
  let state: string;
  let mounts: InspectedMount[];
  try {
    const body = (await engine.inspectContainer(ref.id)) as { State?: { Status?: string }; Mounts?: InspectedMount[] };
    state = body.State?.Status ?? ref.state ?? 'unknown';
    mounts = (body.Mounts ?? []).filter((m) => m.Type === 'volume' && m.Name);
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return { ok: false, message: `Container “${ref.name}” no longer exists.` };
    return engineFailure(engine, error);
  }
  const anonymous = mounts.filter((m) => /^[0-9a-f]{64}$/.test(m.Name!));
  const named = mounts.filter((m) => !anonymous.includes(m));
  const running = state === 'running' || state === 'paused' || state === 'restarting';
  const parts = [
    running ? `It is ${state}: it is stopped first, and its processes end.` : `It is ${state}.`,
    'Files written inside it outside volumes are lost.',
    ...(named.length > 0 ? [`Named volumes are kept: ${listNames(named.map((m) => `${m.Name} (${m.Destination})`))}.`] : []),
    ...(anonymous.length > 0
      ? [`${anonymous.length} anonymous volume${anonymous.length === 1 ? '' : 's'} (${listNames(anonymous.map((m) => m.Destination ?? '?'))}) ${anonymous.length === 1 ? 'is' : 'are'} kept unless you choose “Remove with Anonymous Volumes”.`]
      : []),
  ];
  const keep = 'Remove Container';
  const withVolumes = 'Remove with Anonymous Volumes';
  const answer = await ui.choose(`Remove container “${ref.name}”?`, parts.join(' '), anonymous.length > 0 ? [keep, withVolumes] : [keep]);
  if (answer !== keep && answer !== withVolumes) return { ok: false, cancelled: true, message: 'Nothing was removed.' };
  try {
    await engine.removeContainer(ref.id, { volumes: answer === withVolumes });
  } catch (error) {
    const status = (error as { statusCode?: number }).statusCode;
    if (status === 404) return { ok: false, message: `Container “${ref.name}” no longer exists: it was removed outside DockML.` };
    if (status !== undefined) return { ok: false, message: `Docker refused to remove container “${ref.name}”: ${engineMessage(error)}` };
    return engineFailure(engine, error);
  }
  const gone = answer === withVolumes ? ` and ${anonymous.length} anonymous volume${anonymous.length === 1 ? '' : 's'}` : '';
  return { ok: true, message: `Removed container “${ref.name}”${gone}.` };
}

/**
 * The environment that makes the docker CLI talk to the explorer's engine: DOCKER_CONTEXT for a context,
 * otherwise DOCKER_HOST with the TLS variables; the other variable is cleared so it cannot override.
 */
export function dockerCliEnv(endpoint: Endpoint): Record<string, string | null> {
  if (endpoint.source === 'context' && endpoint.context) return { DOCKER_CONTEXT: endpoint.context, DOCKER_HOST: null };
  switch (endpoint.kind) {
    case 'unix':
      return { DOCKER_HOST: `unix://${endpoint.socketPath}`, DOCKER_CONTEXT: null };
    case 'npipe':
      return { DOCKER_HOST: `npipe://${endpoint.pipePath.replace(/\\/g, '/')}`, DOCKER_CONTEXT: null };
    case 'ssh':
      return { DOCKER_HOST: `ssh://${endpoint.user ? `${endpoint.user}@` : ''}${endpoint.host}:${endpoint.port}`, DOCKER_CONTEXT: null };
    case 'tcp': {
      const env: Record<string, string | null> = { DOCKER_HOST: `tcp://${endpoint.host}:${endpoint.port}`, DOCKER_CONTEXT: null };
      if (endpoint.tls) {
        env.DOCKER_TLS_VERIFY = endpoint.tls.verify ? '1' : null;
        const file = endpoint.tls.caFile ?? endpoint.tls.certFile;
        if (file) env.DOCKER_CERT_PATH = path.dirname(file);
      }
      return env;
    }
  }
}

/** The script a shell runs in: bash when the image has it, sh otherwise (busybox and alpine have only sh). */
export const SHELL_SCRIPT = 'if command -v bash >/dev/null 2>&1; then exec bash; else exec sh; fi';

/** The command line of "Open Shell": `docker exec -it <id> sh -c …`, and the environment that points it at the engine. */
export function shellCommand(ref: ContainerRef, endpoint: Endpoint, docker = 'docker'): { command: string; args: string[]; env: Record<string, string | null> } {
  return { command: docker, args: ['exec', '-it', ref.id, 'sh', '-c', SHELL_SCRIPT], env: dockerCliEnv(endpoint) };
}

/** The URL that reaches a published port: on this machine for a local engine, on the engine's host otherwise. */
export function portUrl(port: PublishedPort, endpoint: Endpoint): string {
  const bound = port.hostIp && port.hostIp !== '0.0.0.0' && port.hostIp !== '::' ? port.hostIp : undefined;
  const host = endpoint.kind === 'tcp' || endpoint.kind === 'ssh' ? (bound ?? endpoint.host) : (bound ?? 'localhost');
  const scheme = port.containerPort === 443 || port.containerPort === 8443 ? 'https' : 'http';
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port.hostPort}`;
}

/** Where a log follower writes: log lines, and notes about the stream itself. */
export interface LogSink {
  line(text: string, stream: 'stdout' | 'stderr'): void;
  note(text: string): void;
}

/** A log timestamp as a key that sorts in time order: RFC 3339 in UTC with the fraction padded to nanoseconds. */
export function stampKey(stamp: string): string | undefined {
  const match = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(stamp);
  return match ? `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}` : undefined;
}

/**
 * Follows a container's log into a sink. When the connection fails (the engine stopped or restarted) it says
 * so and retries every `retryMs`, resuming from the second of the last line seen and skipping what was already
 * shown, so nothing appears twice. When the container stops, it says so and keeps waiting for it to start
 * again, until closed.
 */
export class LogFollower {
  private lastKey: string | undefined;
  private current: { close(): void } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private state: 'following' | 'stopped' | 'unreachable' = 'following';

  constructor(
    private readonly engine: () => EngineApi,
    private readonly ref: ContainerRef,
    private readonly sink: LogSink,
    private readonly options: { retryMs?: number; tail?: number; describe?: (error: unknown) => string } = {},
  ) {}

  start(): void {
    if (this.closed) return;
    const since = this.lastKey ? Math.floor(Date.parse(`${this.lastKey.slice(0, 19)}Z`) / 1000) : undefined;
    this.current = this.engine().followLogs(this.ref.id, { since, tail: this.options.tail }, {
      onOpen: () => {
        if (this.state === 'unreachable') this.sink.note(`Reconnected to the engine; following the log of “${this.ref.name}” again.`);
        // The log of a stopped container opens and ends at once on every retry: it stays stopped until a new line.
        if (this.state !== 'stopped') this.state = 'following';
      },
      onLine: (line, stream) => {
        const key = stampKey(/^(\S+)\s/.exec(line)?.[1] ?? '');
        // Resuming from a whole second repeats that second's earlier lines; they were shown already.
        if (key && this.lastKey && key <= this.lastKey) return;
        if (key) this.lastKey = key;
        this.state = 'following';
        this.sink.line(line, stream);
      },
      onClose: (error) => {
        this.current = undefined;
        if (this.closed) return;
        // The engine answers, but the container is gone: there is nothing to wait for.
        if ((error as { statusCode?: number } | undefined)?.statusCode === 404) {
          this.sink.note(`Container “${this.ref.name}” was removed; its log ends here.`);
          this.closed = true;
          return;
        }
        const retryMs = this.options.retryMs ?? 1000;
        if (error && this.state !== 'unreachable') {
          const why = this.options.describe ? this.options.describe(error) : error instanceof Error ? error.message : String(error);
          this.sink.note(`The log stream of “${this.ref.name}” was cut: ${why} Retrying every ${retryMs / 1000} s.`);
          this.state = 'unreachable';
        } else if (!error && this.state === 'following') {
          this.sink.note(`Container “${this.ref.name}” stopped; waiting for it to start again.`);
          this.state = 'stopped';
        }
        this.timer = setTimeout(() => this.start(), retryMs);
      },
    });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.current?.close();
  }
}
