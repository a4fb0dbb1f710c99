// What kind of file a path holds: by its name when the name says, else by sniffing the head of its text.
// The directory scan, the CLI's explicit files and the editor's documents all classify through here.
import * as path from 'node:path';

export type FileKind = 'dockerfile' | 'compose';

/**
 * What a file's name says about it: a Dockerfile or Compose file for sure, a name that needs its content read
 * (`Dockerfile.sh` may be a script about Dockerfiles; any YAML file may be a Compose file), or nothing.
 */
export type NameVerdict = FileKind | 'maybe-dockerfile' | 'yaml' | undefined;

/** Compose files by name: any `.yml`/`.yaml` file whose name contains `compose` (`compose.yaml`, `docker-compose-gpu.yml`, `nims-compose.yaml`). */
const COMPOSE_NAME = /compose[^/]*\.ya?ml$/i;
const YAML = /\.ya?ml$/i;
/** `Dockerfile`, `Containerfile`, and those words with a suffix after `.`, `-` or `_` (`Dockerfile.gpu`, `Dockerfile-cuda`, `Dockerfile_base`). */
const PREFIXED = /^(dockerfile|containerfile)([._-].+)?$/is;
/** Those words as the suffix after `.`, `-` or `_` (`api.Dockerfile`, `Qwen2VL_Dockerfile`). */
const SUFFIXED = /^.+[._-](dockerfile|containerfile)$/is;
/**
 * Extensions that make `Dockerfile.<ext>`, `Dockerfile-x.<ext>` or `Dockerfile_x.<ext>` something else first: documentation,
 * scripts, templates and data about a Dockerfile. Such a file is a Dockerfile only when its text is one.
 */
const OTHER_EXTENSIONS = new Set([
  'md', 'markdown', 'rst', 'txt', 'adoc', 'html', 'sh', 'bash', 'zsh', 'ps1', 'bat', 'cmd', 'py', 'js', 'mjs', 'cjs', 'ts', 'go', 'rb',
  'pl', 'json', 'toml', 'ini', 'cfg', 'conf', 'xml', 'csv', 'tsv', 'lock', 'log', 'patch', 'diff', 'orig', 'bak', 'template',
  'tmpl', 'tpl', 'j2', 'jinja', 'jinja2', 'in', 'hbs', 'mustache', 'erb', 'envsubst', 'sample', 'example', 'swp',
]);

/** Folders whose YAML files are CI pipelines whatever their names (`.github/workflows/compose-test.yml`). */
const CI_FOLDER = /(^|[\\/])\.github[\\/]workflows[\\/]/;

/** What a file's name (and, for CI folders, its path) says about its kind. */
export function nameVerdict(file: string): NameVerdict {
  const name = path.basename(file);
  const lower = name.toLowerCase();
  if (lower.endsWith('.dockerignore')) return undefined;
  if (YAML.test(name)) return COMPOSE_NAME.test(name) && !CI_FOLDER.test(file) ? 'compose' : 'yaml';
  if (PREFIXED.test(name)) {
    const dot = lower.lastIndexOf('.');
    return dot > 0 && OTHER_EXTENSIONS.has(lower.slice(dot + 1)) ? 'maybe-dockerfile' : 'dockerfile';
  }
  if (SUFFIXED.test(name)) return 'dockerfile';
  return undefined;
}

/** How much of a file is read to tell its kind from its text. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * True when the text reads as a Dockerfile: its first instruction, after comments, blank lines, parser directives and
 * global `ARG`s, is `FROM`, and it is not a template.
 */
export function looksLikeDockerfile(text: string): boolean {
  const head = text.slice(0, SNIFF_BYTES);
  // A template (`FROM {{ base }}`, `{% if gpu %}`) becomes a Dockerfile only once rendered.
  if (/\{\{|\{%/.test(head)) return false;
  for (const line of head.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const keyword = /^([A-Za-z]+)(\s|$)/.exec(trimmed)?.[1]?.toUpperCase();
    if (keyword === 'ARG') continue;
    return keyword === 'FROM';
  }
  return false;
}

/**
 * True when the text reads as a Compose document: a top-level `services:` mapping with an entry that has `image`,
 * `build` or `extends`. Read line by line from the head, so that templates (Helm's `{{ }}`) and long files cost nothing; GitHub
 * workflows (`services:` under a job), Kubernetes manifests and mkdocs files have no such top-level mapping.
 */
export function looksLikeCompose(text: string): boolean {
  const lines = text.slice(0, SNIFF_BYTES).split(/\r?\n/);
  let inServices = false;
  let serviceIndent = -1;
  for (const line of lines) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    const indent = /^ */.exec(line)![0].length;
    if (indent === 0) {
      if (line.startsWith('---')) {
        inServices = false;
        continue;
      }
      inServices = /^["']?services["']?\s*:\s*(#.*)?$/.test(line);
      serviceIndent = -1;
      continue;
    }
    if (!inServices) continue;
    if (serviceIndent < 0) serviceIndent = indent;
    // Services are keys of a mapping; a list under `services:` is some other tool's configuration.
    if (indent === serviceIndent && line.trimStart().startsWith('-')) inServices = false;
    else if (indent > serviceIndent && /^\s+["']?(image|build|extends)["']?\s*:/.test(line)) return true;
  }
  return false;
}

/**
 * The kind of a file from its name and, when the name leaves it open, its text; undefined when it is neither a
 * Dockerfile nor a Compose file. YAML is never taken for a Dockerfile.
 */
export function classify(file: string, text: string): FileKind | undefined {
  const verdict = nameVerdict(file);
  if (verdict === 'dockerfile' || verdict === 'compose') return verdict;
  if (verdict === 'yaml') return looksLikeCompose(text) ? 'compose' : undefined;
  if (verdict === 'maybe-dockerfile') return looksLikeDockerfile(text) ? 'dockerfile' : undefined;
  if (looksLikeCompose(text)) return 'compose';
  return looksLikeDockerfile(text) ? 'dockerfile' : undefined;
}
