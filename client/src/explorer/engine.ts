// Talks to the Docker Engine API (or Podman's compatible API) through dockerode, with a time limit on every call.
//
// dockerode's modem handles the transports (unix socket, named pipe, tcp with TLS, ssh); the explorer sends
// every request through one `request` function so that time limits, abort and status handling are uniform.
// Its ssh transport loads ssh2, whose native add-ons (cpu-features, sshcrypto.node) are optional: the
// bundle leaves them out and ssh2 falls back to JavaScript crypto.
import * as https from 'node:https';
import * as fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import Dockerode from 'dockerode';
import type DockerModem from 'docker-modem';
import { Endpoint } from './endpoint';
import { compareApiVersions, EngineAnswerError, EngineTimeoutError, EngineTooOldError, MIN_API_VERSION } from './errors';
import type { ContainerJson, HistoryJson, ImageJson, NetworkJson, VolumeJson, VolumeUsage } from './model';

export interface EngineVersion {
  apiVersion: string;
  /** The product and release, e.g. "Docker Engine 20.10.24" or "Podman Engine 4.9.3". */
  product: string;
}

/** One message of the /events stream, reduced to what the refresh logic reads. */
export interface EngineEvent {
  Type: string;
  Action: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

export interface EventHandlers {
  /** The stream is open: events from now on will arrive. */
  onOpen(): void;
  onEvent(event: EngineEvent): void;
  /** Part of the stream was dropped (a line too long to be an event); events may have been missed. */
  onGap(reason: string): void;
  /** The stream ended or failed; it is not reopened by the engine client. */
  onClose(error?: unknown): void;
}

/** The longest events line kept (an event is about 1 KB); longer ones are dropped up to the next newline. */
export const MAX_EVENT_LINE = 1024 * 1024;

export interface NetworkSpec {
  name: string;
  driver: string;
  internal: boolean;
  attachable: boolean;
  subnet?: string;
  gateway?: string;
}

export interface VolumeSpec {
  name: string;
  driver: string;
}

/** The engine operations the explorer uses; tests may supply a fake. */
export interface EngineApi {
  readonly endpoint: Endpoint;
  /** Reads /version and fails with EngineTooOldError below MIN_API_VERSION. */
  version(): Promise<EngineVersion>;
  /** Every network, or only those with these ids (to re-read what an event names). */
  listNetworks(ids?: readonly string[]): Promise<NetworkJson[]>;
  /** Every volume, or only those with these names. */
  listVolumes(names?: readonly string[]): Promise<VolumeJson[]>;
  /** Every container, running or not, or only those with these ids. */
  listContainers(ids?: readonly string[]): Promise<ContainerJson[]>;
  /** Volume sizes and reference counts from /system/df, which may take a while on a busy engine. */
  volumeUsage(): Promise<Map<string, VolumeUsage>>;
  inspectNetwork(id: string): Promise<unknown>;
  inspectVolume(name: string): Promise<unknown>;
  createNetwork(spec: NetworkSpec): Promise<string>;
  createVolume(spec: VolumeSpec): Promise<string>;
  removeNetwork(id: string): Promise<void>;
  removeVolume(name: string): Promise<void>;
  /** Opens /events for network, volume, container and image events. */
  subscribeEvents(handlers: EventHandlers): { close(): void };
  inspectContainer(id: string): Promise<unknown>;
  startContainer(id: string): Promise<void>;
  /** Stops a container, killing it after its stop timeout (the engine's default, 10 s, unless it sets another). */
  stopContainer(id: string): Promise<void>;
  restartContainer(id: string): Promise<void>;
  /** Removes a container, stopping it first; `volumes` also deletes its anonymous volumes (named ones stay). */
  removeContainer(id: string, options: { volumes: boolean }): Promise<void>;
  /** Streams a container's log with timestamps, following it, from `since` (Unix seconds) or the last `tail` lines. */
  followLogs(id: string, options: { since?: number; tail?: number }, handlers: LogHandlers): { close(): void };
  /** The local images (top-level ones, as `docker images` lists them). */
  listImages(): Promise<ImageJson[]>;
  /** An image's history, newest step first. */
  imageHistory(id: string): Promise<HistoryJson[]>;
  inspectImage(id: string): Promise<unknown>;
  /** Removes an image by ID, or one tag by `repo:tag`; the engine's report of what it untagged and deleted. */
  removeImage(nameOrId: string, options?: { force?: boolean }): Promise<Array<{ Untagged?: string; Deleted?: string }>>;
}

/** Receives a container's log as it streams. */
export interface LogHandlers {
  onOpen(): void;
  /** One line, with the engine's RFC 3339 timestamp first, and the stream it came from. */
  onLine(line: string, stream: 'stdout' | 'stderr'): void;
  /** The stream ended: the container stopped (no error), or the connection failed (error). */
  onClose(error?: unknown): void;
}

/** Lists asked for within this many milliseconds of each other share one request (the views of one refresh). */
const SHARE_WINDOW_MS = 50;

/** How long a stop or restart may take: the container's stop timeout (10 s by default) and some margin. */
const STOP_TIMEOUT_MS = 30_000;

export interface EngineOptions {
  /** The limit for every request except df, and for the events stream to open, in milliseconds. */
  timeoutMs?: number;
  /** df can be slow on an engine with many images, so it gets its own, longer limit. */
  usageTimeoutMs?: number;
  /** Receives a line for each malformed entry skipped in an engine's answer. */
  log?: (line: string) => void;
}

const OK = { 200: true, 201: true, 204: true, 304: true };
const ERRORS = { 400: 'bad parameter', 403: 'forbidden', 404: 'not found', 409: 'conflict', 500: 'server error', 503: 'unavailable' };

export class DockerEngine implements EngineApi {
  private readonly modem: DockerModem;
  private readonly timeoutMs: number;
  private readonly usageTimeoutMs: number;
  private readonly log: (line: string) => void;
  private apiVersion: string | undefined;
  private usageInFlight: Promise<Map<string, VolumeUsage>> | undefined;
  /** Lists under way, by what they read, with when they were asked for. */
  private readonly listsInFlight = new Map<string, { at: number; list: Promise<unknown> }>();
  private versionInFlight: Promise<EngineVersion> | undefined;

  constructor(
    readonly endpoint: Endpoint,
    options: EngineOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.usageTimeoutMs = options.usageTimeoutMs ?? 60_000;
    this.log = options.log ?? (() => undefined);
    // No connection timeout in the modem: it would cut every request at one limit, df's longer one included.
    // Each request has its own timer in `request`, and the events stream one for opening.
    this.modem = new Dockerode(dockerodeOptions(endpoint)).modem;
  }

  /** Every view asks for the version when it first loads, so calls made while one is under way share it. */
  version(): Promise<EngineVersion> {
    this.versionInFlight ??= this.readVersion().finally(() => (this.versionInFlight = undefined));
    return this.versionInFlight;
  }

  private async readVersion(): Promise<EngineVersion> {
    const body = record(await this.request<unknown>('GET', '/version'), 'GET /version');
    const apiVersion = typeof body.ApiVersion === 'string' ? body.ApiVersion : '0';
    // Docker names its component "Engine" and Podman "Podman Engine".
    const components = Array.isArray(body.Components) ? body.Components : [];
    const name = typeof components[0]?.Name === 'string' ? (components[0].Name as string) : undefined;
    const product = `${!name || name === 'Engine' ? 'Docker Engine' : name} ${typeof body.Version === 'string' ? body.Version : '?'}`;
    if (compareApiVersions(apiVersion, MIN_API_VERSION) < 0) throw new EngineTooOldError(apiVersion, product);
    this.apiVersion = apiVersion;
    return { apiVersion, product };
  }

  listNetworks(ids?: readonly string[]): Promise<NetworkJson[]> {
    return this.shared('networks', ids, () => this.readNetworks(ids));
  }

  private async readNetworks(ids: readonly string[] | undefined): Promise<NetworkJson[]> {
    const body = await this.request<unknown>('GET', '/networks', ids ? { query: { filters: { id: ids } } } : {});
    // The engine's filters match parts of a value too, so only exact matches are kept.
    const wanted = (n: Record<string, unknown>) => !ids || ids.includes(n.Id as string);
    return this.entries(body, 'GET /networks', 'network', (n) => typeof n.Name === 'string' && typeof n.Id === 'string' && wanted(n)).map((n) => ({
      ...n,
      IPAM: isRecord(n.IPAM) ? { ...n.IPAM, Config: listOrUndefined(n.IPAM.Config)?.filter(isRecord) } : undefined,
      Labels: stringMap(n.Labels),
      Options: stringMap(n.Options),
    })) as NetworkJson[];
  }

  listVolumes(names?: readonly string[]): Promise<VolumeJson[]> {
    return this.shared('volumes', names, () => this.readVolumes(names));
  }

  private async readVolumes(names: readonly string[] | undefined): Promise<VolumeJson[]> {
    const body = record(await this.request<unknown>('GET', '/volumes', names ? { query: { filters: { name: names } } } : {}), 'GET /volumes');
    const wanted = (v: Record<string, unknown>) => !names || names.includes(v.Name as string);
    const volumes = this.entries(body.Volumes ?? [], 'GET /volumes', 'volume', (v) => typeof v.Name === 'string' && v.Name !== '' && wanted(v));
    return volumes.map((v) => ({ ...v, Labels: stringMap(v.Labels), Options: stringMap(v.Options) })) as VolumeJson[];
  }

  listContainers(ids?: readonly string[]): Promise<ContainerJson[]> {
    return this.shared('containers', ids, () => this.readContainers(ids));
  }

  /**
   * The engine lists slowly when it has many objects (about 0.3–0.7 s for 1,000 containers on a busy machine) and
   * answers parallel lists one after the other, so calls for the same objects made within SHARE_WINDOW_MS of each
   * other share one request (the views reading everything when they open, or what one event names). That is safe
   * because every engine event schedules a refresh that starts after the debounce, so a change the shared answer
   * may have missed is read again by a later request.
   */
  private shared<T>(kind: string, ids: readonly string[] | undefined, read: () => Promise<T>): Promise<T> {
    const key = `${kind}:${ids ? [...ids].sort().join(',') : '*'}`;
    const now = Date.now();
    const pending = this.listsInFlight.get(key);
    if (pending && now - pending.at <= SHARE_WINDOW_MS) return pending.list as Promise<T>;
    const list = read().finally(() => {
      if (this.listsInFlight.get(key)?.list === list) this.listsInFlight.delete(key);
    });
    this.listsInFlight.set(key, { at: now, list });
    return list;
  }

  private async readContainers(ids: readonly string[] | undefined): Promise<ContainerJson[]> {
    const body = await this.request<unknown>('GET', '/containers/json', { query: { all: true, ...(ids ? { filters: { id: ids } } : {}) } });
    const wanted = (c: Record<string, unknown>) => !ids || ids.includes(c.Id as string);
    return this.entries(body, 'GET /containers/json', 'container', (c) => typeof c.Id === 'string' && c.Id !== '' && wanted(c)).map((c) => ({
      ...c,
      Names: listOrUndefined(c.Names)?.filter((n): n is string => typeof n === 'string'),
      Labels: stringMap(c.Labels),
      NetworkSettings: isRecord(c.NetworkSettings) && isRecord(c.NetworkSettings.Networks) ? { Networks: recordsOnly(c.NetworkSettings.Networks) } : undefined,
      Mounts: listOrUndefined(c.Mounts)?.filter(isRecord),
    })) as ContainerJson[];
  }

  volumeUsage(): Promise<Map<string, VolumeUsage>> {
    // The engine runs one disk-usage report at a time and fails a second with HTTP 500, so callers share one.
    this.usageInFlight ??= this.readVolumeUsage().finally(() => (this.usageInFlight = undefined));
    return this.usageInFlight;
  }

  private async readVolumeUsage(): Promise<Map<string, VolumeUsage>> {
    // From API 1.42 df can be restricted to volumes; older engines compute everything, which is why sizes load lazily.
    const query = this.apiVersion && compareApiVersions(this.apiVersion, '1.42') >= 0 ? { type: 'volume' } : undefined;
    const body = record(await this.request<unknown>('GET', '/system/df', { query, timeoutMs: this.usageTimeoutMs }), 'GET /system/df');
    const usage = new Map<string, VolumeUsage>();
    for (const volume of this.entries(body.Volumes ?? [], 'GET /system/df', 'volume', (v) => typeof v.Name === 'string')) {
      const data = isRecord(volume.UsageData) ? volume.UsageData : {};
      usage.set(volume.Name as string, {
        size: typeof data.Size === 'number' ? data.Size : -1,
        refCount: typeof data.RefCount === 'number' ? data.RefCount : -1,
      });
    }
    return usage;
  }

  // A list that is not a list is an answer the explorer cannot read at all; a bad entry in a good list is skipped.
  private entries(body: unknown, what: string, noun: string, valid: (entry: Record<string, unknown>) => boolean): Array<Record<string, unknown>> {
    if (!Array.isArray(body)) throw new EngineAnswerError(what, `${describeJson(body)} where a list was expected`);
    const good = body.filter((entry): entry is Record<string, unknown> => isRecord(entry) && valid(entry));
    const skipped = body.length - good.length;
    if (skipped > 0) this.log(`${what}: skipped ${skipped} malformed ${noun}${skipped === 1 ? '' : 's'} (without a name or id).`);
    return good;
  }

  async inspectNetwork(id: string): Promise<unknown> {
    return this.request('GET', `/networks/${encodeURIComponent(id)}`);
  }

  async inspectVolume(name: string): Promise<unknown> {
    return this.request('GET', `/volumes/${encodeURIComponent(name)}`);
  }

  async createNetwork(spec: NetworkSpec): Promise<string> {
    const config = spec.subnet ? [{ Subnet: spec.subnet, ...(spec.gateway ? { Gateway: spec.gateway } : {}) }] : [];
    const body = await this.request<{ Id: string }>('POST', '/networks/create', {
      body: { Name: spec.name, Driver: spec.driver, Internal: spec.internal, Attachable: spec.attachable, CheckDuplicate: true, IPAM: { Driver: 'default', Config: config } },
    });
    return body.Id;
  }

  async createVolume(spec: VolumeSpec): Promise<string> {
    const body = await this.request<{ Name: string }>('POST', '/volumes/create', { body: { Name: spec.name, Driver: spec.driver } });
    return body.Name;
  }

  async removeNetwork(id: string): Promise<void> {
    await this.request('DELETE', `/networks/${encodeURIComponent(id)}`);
  }

  async removeVolume(name: string): Promise<void> {
    await this.request('DELETE', `/volumes/${encodeURIComponent(name)}`);
  }

  async listImages(): Promise<ImageJson[]> {
    const body = await this.request<unknown>('GET', '/images/json');
    return this.entries(body, 'GET /images/json', 'image', (i) => typeof i.Id === 'string' && i.Id !== '').map((i) => ({
      ...i,
      RepoTags: listOrUndefined(i.RepoTags)?.filter((t): t is string => typeof t === 'string'),
      RepoDigests: listOrUndefined(i.RepoDigests)?.filter((t): t is string => typeof t === 'string'),
      Labels: stringMap(i.Labels),
    })) as ImageJson[];
  }

  async imageHistory(id: string): Promise<HistoryJson[]> {
    const body = await this.request<unknown>('GET', `/images/${encodeURIComponent(id)}/history`);
    // Every entry stays, whatever it lacks: a layer's place in the list is what ties it to a Dockerfile line.
    return this.entries(body, 'GET /images/…/history', 'history entry', () => true).map((h) => ({
      Id: typeof h.Id === 'string' ? h.Id : '<missing>',
      Created: typeof h.Created === 'number' ? h.Created : undefined,
      CreatedBy: typeof h.CreatedBy === 'string' ? h.CreatedBy : '',
      Tags: listOrUndefined(h.Tags)?.filter((t): t is string => typeof t === 'string'),
      Size: typeof h.Size === 'number' ? h.Size : 0,
      Comment: typeof h.Comment === 'string' ? h.Comment : undefined,
    }));
  }

  async inspectImage(id: string): Promise<unknown> {
    return this.request('GET', `/images/${encodeURIComponent(id)}/json`);
  }

  async removeImage(nameOrId: string, options: { force?: boolean } = {}): Promise<Array<{ Untagged?: string; Deleted?: string }>> {
    const body = await this.request<unknown>('DELETE', `/images/${encodeURIComponent(nameOrId)}`, { query: { force: options.force === true } });
    return Array.isArray(body) ? body.filter(isRecord) : [];
  }

  async inspectContainer(id: string): Promise<unknown> {
    return this.request('GET', `/containers/${encodeURIComponent(id)}/json`);
  }

  // 304 means the container already was in the state asked for; it comes back as an error with statusCode 304.
  async startContainer(id: string): Promise<void> {
    await this.request('POST', `/containers/${encodeURIComponent(id)}/start`, { notModifiedFails: true });
  }

  async stopContainer(id: string): Promise<void> {
    await this.request('POST', `/containers/${encodeURIComponent(id)}/stop`, { timeoutMs: STOP_TIMEOUT_MS, notModifiedFails: true });
  }

  async restartContainer(id: string): Promise<void> {
    await this.request('POST', `/containers/${encodeURIComponent(id)}/restart`, { timeoutMs: STOP_TIMEOUT_MS });
  }

  async removeContainer(id: string, options: { volumes: boolean }): Promise<void> {
    await this.request('DELETE', `/containers/${encodeURIComponent(id)}`, { query: { force: true, v: options.volumes }, timeoutMs: STOP_TIMEOUT_MS });
  }

  followLogs(id: string, options: { since?: number; tail?: number }, handlers: LogHandlers): { close(): void } {
    let stream: { close(): void } | undefined;
    let done = false;
    const onClose = (error?: unknown) => {
      if (done) return;
      done = true;
      handlers.onClose(error);
    };
    // A container with a TTY sends raw text; one without sends frames with an 8-byte header naming the stream.
    this.inspectContainer(id).then(
      (body) => {
        if (done) return;
        const tty = isRecord(body) && isRecord(body.Config) && body.Config.Tty === true;
        const query: Record<string, unknown> = { follow: true, stdout: true, stderr: true, timestamps: true };
        if (options.since !== undefined) query.since = options.since;
        else query.tail = options.tail ?? 200;
        const onStream = (response: IncomingMessage) => {
          handlers.onOpen();
          const splitters = {
            stdout: new LineSplitter(MAX_EVENT_LINE, () => undefined),
            stderr: new LineSplitter(MAX_EVENT_LINE, () => undefined),
          };
          const emit = (which: 'stdout' | 'stderr', text: string) => {
            for (const line of splitters[which].push(text)) handlers.onLine(line, which);
          };
          const frames = new FrameReader();
          response.on('data', (chunk: Buffer) => {
            if (tty) emit('stdout', chunk.toString('utf8'));
            else for (const frame of frames.push(chunk)) emit(frame.stream, frame.text);
          });
        };
        stream = this.openStream(`GET /containers/${id}/logs`, `/containers/${encodeURIComponent(id)}/logs`, query, onStream, onClose);
      },
      (error: unknown) => onClose(error),
    );
    return {
      close: () => {
        stream?.close();
        onClose();
      },
    };
  }

  subscribeEvents(handlers: EventHandlers): { close(): void } {
    return this.openStream(
      'GET /events',
      '/events',
      { filters: { type: ['network', 'volume', 'container', 'image'] } },
      (stream) => {
        handlers.onOpen();
        const lines = new LineSplitter(MAX_EVENT_LINE, () =>
          handlers.onGap(`An engine event line exceeded ${MAX_EVENT_LINE} bytes; it was dropped up to the next newline.`),
        );
        stream.setEncoding('utf8');
        stream.on('data', (chunk: string) => {
          for (const line of lines.push(chunk)) {
            try {
              handlers.onEvent(JSON.parse(line) as EngineEvent);
            } catch {
              // A line that is not JSON is not an event the explorer can act on; the stream itself is still fine.
            }
          }
        });
      },
      (error) => handlers.onClose(error),
    );
  }

  /**
   * Opens a streaming GET and calls `onClose` once when it ends, fails, is closed, or sends no headers within the
   * time limit: an engine that accepts the connection but never answers counts as unreachable, like any request.
   */
  private openStream(
    what: string,
    path: string,
    query: Record<string, unknown>,
    onStream: (stream: IncomingMessage) => void,
    onClose: (error?: unknown) => void,
  ): { close(): void } {
    const abort = new AbortController();
    let closed = false;
    const finish = (error?: unknown) => {
      if (closed) return;
      closed = true;
      clearTimeout(opening);
      abort.abort();
      onClose(error);
    };
    const opening = setTimeout(() => finish(new EngineTimeoutError(what, this.timeoutMs)), this.timeoutMs);
    const options: DockerModem.DialOptions = {
      // The modem appends a query string only to paths that end in "?".
      path: `${path}?`,
      method: 'GET',
      options: query,
      isStream: true,
      statusCodes: { ...OK, ...ERRORS },
      abortSignal: abort.signal,
    };
    this.modem.dial(options, (error, result) => {
      clearTimeout(opening);
      if (closed) return;
      if (error) return finish(error);
      const stream = result as IncomingMessage;
      stream.on('end', () => finish());
      stream.on('error', (e) => finish(e));
      stream.on('close', () => finish());
      onStream(stream);
    });
    return { close: () => finish() };
  }

  private request<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    extra: { query?: Record<string, unknown>; body?: unknown; timeoutMs?: number; notModifiedFails?: boolean } = {},
  ): Promise<T> {
    const limit = extra.timeoutMs ?? this.timeoutMs;
    const abort = new AbortController();
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        abort.abort();
        reject(new EngineTimeoutError(`${method} ${path}`, limit));
      }, limit);
      const options: DockerModem.DialOptions = {
        // The modem appends a query string only to paths that end in "?".
        path: extra.query ? `${path}?` : path,
        method,
        options: extra.body !== undefined ? { _body: extra.body } : extra.query,
        statusCodes: extra.notModifiedFails ? { ...OK, 304: 'not modified', ...ERRORS } : { ...OK, ...ERRORS },
        abortSignal: abort.signal,
      };
      this.modem.dial(options, (error, result) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(result as T);
      });
    });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The answer as an object, or an EngineAnswerError naming the request when it is anything else. */
function record(body: unknown, what: string): Record<string, unknown> {
  if (!isRecord(body)) throw new EngineAnswerError(what, `${describeJson(body)} where an object was expected`);
  return body;
}

function listOrUndefined(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** Labels and options: an object of strings, keeping only the string values. */
function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function recordsOnly(value: Record<string, unknown>): Record<string, Record<string, unknown>> {
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, Record<string, unknown>] => isRecord(entry[1])));
}

/** Names what kind of JSON value came back, for the "answered something unexpected" message. */
function describeJson(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Buffer.isBuffer(value)) return 'text that is not JSON';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Reads the Engine API's multiplexed stream: frames of a 1-byte stream id, 3 bytes padding, a 4-byte length, the data. */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Array<{ stream: 'stdout' | 'stderr'; text: string }> {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Array<{ stream: 'stdout' | 'stderr'; text: string }> = [];
    while (this.pending.length >= 8) {
      const length = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + length) break;
      frames.push({ stream: this.pending[0] === 2 ? 'stderr' : 'stdout', text: this.pending.subarray(8, 8 + length).toString('utf8') });
      this.pending = this.pending.subarray(8 + length);
    }
    return frames;
  }
}

/**
 * Splits a stream of text into its non-empty lines, holding at most `maxLine` characters of an unfinished one:
 * a longer line is dropped, `onDrop` is told once, and the text up to the next newline is skipped.
 */
export class LineSplitter {
  private pending = '';
  private skipping = false;

  constructor(
    private readonly maxLine: number,
    private readonly onDrop: () => void,
  ) {}

  push(chunk: string): string[] {
    const lines: string[] = [];
    let start = 0;
    let newline: number;
    while ((newline = chunk.indexOf('\n', start)) >= 0) {
      const line = (this.pending + chunk.slice(start, newline)).trim();
      if (!this.skipping && line) lines.push(line);
      this.pending = '';
      this.skipping = false;
      start = newline + 1;
    }
    if (!this.skipping) {
      this.pending += chunk.slice(start);
      if (this.pending.length > this.maxLine) {
        this.pending = '';
        this.skipping = true;
        this.onDrop();
      }
    }
    return lines;
  }
}

/**
 * Turns a resolved endpoint into dockerode's connection options, reading TLS files when there are any. The
 * explorer's own client passes no connection timeout (each request has its own limit); raw clients may.
 */
export function dockerodeOptions(endpoint: Endpoint, connectionTimeoutMs?: number): Dockerode.DockerOptions & { agent?: https.Agent } {
  const base = connectionTimeoutMs !== undefined ? { connectionTimeout: connectionTimeoutMs } : {};
  switch (endpoint.kind) {
    case 'unix':
      return { ...base, socketPath: endpoint.socketPath };
    case 'npipe':
      return { ...base, socketPath: endpoint.pipePath };
    case 'ssh':
      return {
        ...base,
        protocol: 'ssh',
        host: endpoint.host,
        port: endpoint.port,
        username: endpoint.user,
        sshOptions: { agent: process.env.SSH_AUTH_SOCK },
      };
    case 'tcp': {
      if (!endpoint.tls) return { ...base, protocol: 'http', host: endpoint.host, port: endpoint.port };
      const read = (file: string | undefined) => (file ? fs.readFileSync(file) : undefined);
      const ca = read(endpoint.tls.caFile);
      const cert = read(endpoint.tls.certFile);
      const key = read(endpoint.tls.keyFile);
      const agent = new https.Agent({ ca, cert, key, rejectUnauthorized: endpoint.tls.verify });
      return { ...base, protocol: 'https', host: endpoint.host, port: endpoint.port, ca, cert, key, agent };
    }
  }
}
