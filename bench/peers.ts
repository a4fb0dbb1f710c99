// The peer tools, loaded from bench/node_modules (see bench/package.json for the pinned versions). They are
// required at run time, with the few signatures used here declared locally, so that the type check of the
// repository does not depend on bench/node_modules being installed.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const benchRequire = createRequire(path.join(__dirname, 'package.json'));

export const PEERS_DIR = path.join(__dirname, 'node_modules');

export interface PeerDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
}

export interface DockerfileUtils {
  validate(content: string, settings?: unknown): PeerDiagnostic[];
}

export interface DclintLinter {
  lintFiles(paths: string[], recursive: boolean): { filePath: string; messages: unknown[] }[];
}

export function installed(): boolean {
  return fs.existsSync(path.join(PEERS_DIR, 'dockerfile-utils')) && fs.existsSync(path.join(PEERS_DIR, 'dclint'));
}

export function version(name: string): string {
  return (JSON.parse(fs.readFileSync(path.join(PEERS_DIR, name, 'package.json'), 'utf8')) as { version: string }).version;
}

export function dockerfileUtils(): DockerfileUtils {
  return benchRequire('dockerfile-utils') as DockerfileUtils;
}

/** dclint's linter with its default configuration, as its CLI builds it when no config file is found. */
export function dclint(): DclintLinter {
  const { DCLinter } = benchRequire('dclint') as { DCLinter: new (config: unknown) => DclintLinter };
  return new DCLinter({ rules: {}, quiet: false, debug: false, exclude: [] });
}

/** The dclint command line, for cold whole-process runs. */
export const DCLINT_BIN = path.join(PEERS_DIR, 'dclint', 'bin', 'dclint.cjs');
