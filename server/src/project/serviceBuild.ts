// What `docker compose build SERVICE` would build: the service's Dockerfile, context, `.dockerignore`, target and
// build arguments, the arguments interpolated from the environment and the project's `.env` as Compose does.
import * as path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { resolveBuild } from '../compose/build';
import { ComposeEnv, composeBuildArgs, InterpolationError } from '../compose/buildArgs';
import { ComposeModel } from '../compose/model';
import type { FileHost } from '../rules/types';
import { ignoreFileFor } from './context';

export interface ServiceBuild {
  service: string;
  /** The absolute path of the Compose file that declares the service. */
  composeFile: string;
  /** The absolute Dockerfile path, when the build resolves to a local one. */
  dockerfile?: string;
  /** The absolute context folder, when it is local. */
  contextDir?: string;
  /** The `.dockerignore` that applies, when it exists. */
  ignoreFile?: string;
  /** `build.target`, when set. */
  target?: string;
  /** The `--build-arg` values. */
  args: Record<string, string>;
  /** Why the service cannot be built from the editor, in one sentence; undefined when it can. */
  problem?: string;
}

/**
 * The environment Compose interpolates a file with: the variables of the `.env` beside it (the project folder),
 * overridden by the process's own, as the shell's override `.env` for `docker compose`.
 */
export function composeEnvironment(composeFile: string, files: FileHost, processEnv: ComposeEnv = process.env): ComposeEnv {
  const dotenv = files.readFile(path.join(path.dirname(composeFile), '.env'));
  return { ...(dotenv === undefined ? {} : parseDotenv(dotenv)), ...processEnv };
}

/** How a service of a Compose file is built, or undefined when the file has no such service. */
export function serviceBuild(composeFile: string, serviceName: string, files: FileHost, processEnv: ComposeEnv = process.env): ServiceBuild | undefined {
  const text = files.readFile(composeFile);
  if (text === undefined) return undefined;
  const model = new ComposeModel(text);
  const service = model.services.find((s) => s.name === serviceName);
  if (!service) return undefined;
  const base = { service: serviceName, composeFile, args: {} };
  const build = resolveBuild(model, service, composeFile, files);
  if (!build) return { ...base, problem: `service ${serviceName} has no build: section` };
  let args: Record<string, string>;
  try {
    args = composeBuildArgs(model, service, composeEnvironment(composeFile, files, processEnv));
  } catch (error) {
    if (!(error instanceof InterpolationError)) throw error;
    return { ...base, problem: `Compose cannot build service ${serviceName}: ${error.message}` };
  }
  const found = { ...base, args, target: build.target?.name, contextDir: build.contextDir, dockerfile: build.dockerfilePath };
  if (!build.dockerfilePath || !build.contextDir) {
    return { ...found, problem: `the build of service ${serviceName} is not a local Dockerfile (an inline, remote or interpolated one)` };
  }
  if (build.missing) return { ...found, problem: `the ${build.missing === 'context' ? 'build context' : 'Dockerfile'} of service ${serviceName} does not exist` };
  const ignore = ignoreFileFor(build.dockerfilePath, build.contextDir, files);
  return { ...found, ignoreFile: ignore.ignored ? ignore.ignoreFile : undefined };
}
