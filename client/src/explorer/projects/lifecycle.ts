// Compose lifecycle (up, down, restart, logs, pull) run by the Compose CLI: which Compose to run (`docker
// compose`, else `docker-compose`, or the one set in dockml.compose.path), the command line for each action, how
// a project found in the engine maps back to its files, and the confirmation before `down`. No vscode here.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { ActionUi, listNames } from '../actions';
import { ContainerJson, containerName, PROJECT_LABEL } from '../model';

/** The Compose program: `command` followed by `prefix` (["compose"] for the docker CLI plugin) and the arguments. */
export interface ComposeTool {
  command: string;
  prefix: string[];
  /** How the user knows it: "docker compose" or "docker-compose". */
  name: string;
}

export interface ComposeLookup {
  /** The dockml.compose.path setting: a docker CLI (its compose plugin is used) or a docker-compose program. */
  setting?: string;
  /** Finds a program on the PATH. */
  which(name: string): string | undefined;
  /** Whether `command args…` runs and exits 0 (used for `docker compose version`). */
  runs(command: string, args: string[]): boolean;
}

/** What to say when no Compose can be found. */
export const NO_COMPOSE =
  'Neither `docker compose` (the Compose plugin of the docker CLI) nor `docker-compose` was found on the PATH. Install one (Debian: apt-get install docker-compose, or the docker-compose-plugin package) or set dockml.compose.path to it.';

/** Finds Compose: the setting when set, else `docker compose` when the plugin answers, else `docker-compose`. */
export function findCompose(lookup: ComposeLookup): ComposeTool | { error: string } {
  const setting = lookup.setting?.trim();
  if (setting) {
    const found = lookup.which(setting);
    if (!found) return { error: `dockml.compose.path is “${setting}”, which is not a program that can be run. Fix the setting or clear it to use the PATH.` };
    if (/docker-compose(\.exe)?$/i.test(path.basename(found))) return { command: found, prefix: [], name: 'docker-compose' };
    if (lookup.runs(found, ['compose', 'version'])) return { command: found, prefix: ['compose'], name: 'docker compose' };
    return { error: `dockml.compose.path is “${setting}”, but \`${setting} compose version\` fails: it has no Compose plugin. Point the setting at docker-compose, or install the plugin.` };
  }
  const docker = lookup.which('docker');
  if (docker && lookup.runs(docker, ['compose', 'version'])) return { command: docker, prefix: ['compose'], name: 'docker compose' };
  const legacy = lookup.which('docker-compose');
  if (legacy) return { command: legacy, prefix: [], name: 'docker-compose' };
  return { error: NO_COMPOSE };
}

/** Runs a program briefly to see whether it works; for ComposeLookup.runs. */
export function runsQuietly(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

export type ComposeAction = 'up' | 'down' | 'restart' | 'logs' | 'pull';

/** Which project to act on: its Compose files (the first one's folder is the project folder) and, when known, its name. */
export interface ComposeTarget {
  files: string[];
  project?: string;
  /** The folder Compose resolves relative paths against; the first file's folder by default. */
  workingDir?: string;
}

export interface ComposeOptions {
  /** Services to act on; all when empty (up, restart, logs, pull). */
  services?: string[];
  /** `down` only: delete the project's named and anonymous volumes too. */
  removeVolumes?: boolean;
}

/** The arguments after the Compose program (and its `compose` prefix) for one action. */
export function composeArgs(action: ComposeAction, target: ComposeTarget, options: ComposeOptions = {}): string[] {
  const head = [...target.files.flatMap((file) => ['-f', file]), ...(target.project ? ['-p', target.project] : [])];
  const services = options.services ?? [];
  switch (action) {
    case 'up':
      return [...head, 'up', '-d', ...services];
    case 'down':
      return [...head, 'down', ...(options.removeVolumes ? ['--volumes'] : [])];
    case 'restart':
      return [...head, 'restart', ...services];
    case 'logs':
      return [...head, 'logs', '--follow', '--timestamps', '--tail', '200', ...services];
    case 'pull':
      return [...head, 'pull', ...services];
  }
}

/** The folder to run Compose in: the project's working directory, else the first file's folder. */
export function composeCwd(target: ComposeTarget): string | undefined {
  return target.workingDir ?? (target.files[0] ? path.dirname(target.files[0]) : undefined);
}

/**
 * A project seen in the engine, mapped back to the files that made it, from the labels Compose puts on every
 * container (`com.docker.compose.project.config_files` and `.working_dir`); undefined without them.
 */
export function targetOfProject(project: string, containers: ContainerJson[]): ComposeTarget | undefined {
  const member = containers.find((c) => c.Labels?.[PROJECT_LABEL] === project && c.Labels?.['com.docker.compose.project.config_files']);
  if (!member) return undefined;
  const labels = member.Labels!;
  const workingDir = labels['com.docker.compose.project.working_dir'] || undefined;
  const files = labels['com.docker.compose.project.config_files']
    .split(',')
    .filter(Boolean)
    .map((file) => (workingDir && !path.isAbsolute(file) ? path.join(workingDir, file) : file));
  return { files, project, workingDir };
}

/**
 * Asks before `down`, naming the containers that will be stopped and removed; the project's volumes are kept
 * unless the user picks the button that deletes them. Resolves to the options for `down`, or undefined.
 */
export async function confirmDown(project: string, containers: ContainerJson[], ui: ActionUi): Promise<ComposeOptions | undefined> {
  const members = containers.filter((c) => c.Labels?.[PROJECT_LABEL] === project).sort((a, b) => containerName(a).localeCompare(containerName(b)));
  const names = members.map((c) => `${containerName(c)} (${c.State ?? 'unknown'})`);
  const detail = [
    members.length > 0 ? `These containers are stopped and removed: ${listNames(names)}.` : 'No container of this project exists now.',
    'Its networks are removed. Its volumes, and the data in them, are kept unless you choose “Down and Delete Volumes”.',
  ].join(' ');
  const keep = 'Down';
  const wipe = 'Down and Delete Volumes';
  const answer = await ui.choose(`Take Compose project “${project}” down?`, detail, [keep, wipe]);
  if (answer === keep) return { removeVolumes: false };
  if (answer === wipe) return { removeVolumes: true };
  return undefined;
}
