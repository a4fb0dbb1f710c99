// Rule configuration: per-rule severities from `.dockml.yaml` (found by walking up from the linted file), from the
// `dockml.rules` editor setting, which wins, as vscode-eslint's rule customizations do, and from the per-rule
// settings of the Settings UI (`dockml.rule.<id>`), which win over both unless left at `default`; and the switch
// for Docker's own checks (validity and BuildKit's build checks), `docker-checks` in the file, `dockml.dockerChecks`
// in the editor.
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isDockerCheck } from '../rules';
import type { FileHost, Rule, Severity } from '../rules/types';

export type RuleSetting = Severity | 'off';
export type RuleSettings = Record<string, RuleSetting>;

/** The settings the editor sends for one resource, with their defaults. */
export interface DockmlSettings {
  rules: RuleSettings;
  /** The per-rule settings of the Settings UI (`dockml.rule.<id>`) by rule id; `default` sets nothing. */
  rule?: Record<string, string>;
  /** False to turn off Docker's own checks (validity and BuildKit's build checks), for users who keep Docker DX. */
  dockerChecks?: boolean;
}

export const defaultSettings: DockmlSettings = { rules: {} };

/** The settings of the `dockml` section as the editor sends them, pulled or pushed, with what is missing defaulted. */
export function clientSettings(value: Partial<DockmlSettings> | null | undefined): DockmlSettings {
  return { ...defaultSettings, ...(value ?? {}), rules: value?.rules ?? {}, rule: value?.rule ?? {} };
}

export const CONFIG_FILE = '.dockml.yaml';
const SETTINGS: readonly string[] = ['error', 'warning', 'info', 'hint', 'off'];

/**
 * A parsed `.dockml.yaml`; `problems` lists what was wrong in it, each problem's entry being ignored. When the
 * file exists but could not be read at all, `unreadable` is true and `problems` says why.
 */
export interface ProjectConfig {
  path: string;
  rules: RuleSettings;
  /** `docker-checks: false` turns off Docker's own checks; undefined when the file does not say. */
  dockerChecks?: boolean;
  problems: string[];
  unreadable?: boolean;
}

/**
 * Reads the rule map of a `.dockml.yaml`, keeping the valid entries. `knownRules` are the rule ids,
 * so that a misspelt id is reported instead of silently doing nothing.
 */
export function parseProjectConfig(text: string, file: string, knownRules: ReadonlySet<string>): ProjectConfig {
  const config: ProjectConfig = { path: file, rules: {}, problems: [] };
  let data: unknown;
  try {
    data = parseYaml(text, { maxAliasCount: 100 });
  } catch (error) {
    config.problems.push(`${file}: not valid YAML (${(error as Error).message.split('\n')[0]})`);
    return config;
  }
  if (data === null || data === undefined) return config;
  if (typeof data !== 'object' || Array.isArray(data)) {
    config.problems.push(`${file}: expected a mapping with a "rules" key`);
    return config;
  }
  for (const key of Object.keys(data)) {
    if (key !== 'rules' && key !== 'docker-checks') config.problems.push(`${file}: unknown key "${key}" (only "rules" and "docker-checks" are read)`);
  }
  const dockerChecks = (data as { 'docker-checks'?: unknown })['docker-checks'];
  if (typeof dockerChecks === 'boolean') config.dockerChecks = dockerChecks;
  else if (dockerChecks !== undefined) config.problems.push(`${file}: "docker-checks" must be true or false, not ${JSON.stringify(dockerChecks)}`);
  const rules = (data as { rules?: unknown }).rules;
  if (rules === undefined || rules === null) return config;
  if (typeof rules !== 'object' || Array.isArray(rules)) {
    config.problems.push(`${file}: "rules" must map rule ids to error, warning, info, hint or off`);
    return config;
  }
  for (const [id, value] of Object.entries(rules)) {
    const setting = normalizeSetting(value);
    if (!knownRules.has(id)) config.problems.push(`${file}: unknown rule "${id}"`);
    else if (!setting) config.problems.push(`${file}: rule "${id}" must be error, warning, info, hint or off, not ${JSON.stringify(value)}`);
    else config.rules[id] = setting;
  }
  return config;
}

/** Accepts the documented values and `false` (YAML's `off` is a string in YAML 1.2, but `false` is common). */
export function normalizeSetting(value: unknown): RuleSetting | undefined {
  if (value === false) return 'off';
  if (typeof value === 'string' && SETTINGS.includes(value.toLowerCase())) return value.toLowerCase() as RuleSetting;
  return undefined;
}

/** A file host that can also say why an existing file cannot be read (a folder, too large, no permission). */
export interface ConfigFileHost extends FileHost {
  unreadableReason?(path: string): string | undefined;
}

/**
 * Finds and parses `.dockml.yaml` files, walking up from a file; results are cached per directory. A
 * configuration file that exists but cannot be read is reported as a problem of that file, and its folder
 * gets no rule settings: the parent's configuration is not silently used instead.
 */
export class ProjectConfigResolver {
  private readonly byDirectory = new Map<string, ProjectConfig | null>();

  constructor(
    private readonly files: ConfigFileHost,
    private readonly knownRules: ReadonlySet<string>,
  ) {}

  /**
   * The nearest configuration above `file`, or undefined when there is none. The walk is a loop, not a
   * recursion, so that a path thousands of folders deep cannot exhaust the stack.
   */
  forFile(file: string): ProjectConfig | undefined {
    const walked: string[] = [];
    let config: ProjectConfig | null = null;
    for (let directory = path.dirname(file); ; ) {
      const cached = this.byDirectory.get(directory);
      if (cached !== undefined) {
        config = cached;
        break;
      }
      walked.push(directory);
      // Concatenated, not path.join: joining normalises the whole path, which costs seconds 20,000 folders deep.
      const found = this.read(`${directory}${directory.endsWith(path.sep) ? '' : path.sep}${CONFIG_FILE}`);
      if (found) {
        config = found;
        break;
      }
      const parent = path.dirname(directory);
      if (parent === directory) break;
      directory = parent;
    }
    for (const directory of walked) this.byDirectory.set(directory, config);
    return config ?? undefined;
  }

  /** Forgets everything, after a configuration file changed. */
  clear(): void {
    this.byDirectory.clear();
  }

  /** The configuration in `candidate`, a problem when it exists but cannot be read, or undefined when it is absent. */
  private read(candidate: string): ProjectConfig | undefined {
    const text = this.files.readFile(candidate);
    if (text !== undefined) return parseProjectConfig(text, candidate, this.knownRules);
    if (!this.files.exists(candidate)) return undefined;
    const reason = this.files.unreadableReason?.(candidate) ?? 'it is not a readable file';
    return { path: candidate, rules: {}, problems: [`${candidate}: cannot be read (${reason})`], unreadable: true };
  }
}

/**
 * The severity a rule runs at: its default (`off` for Docker's own checks when the editor setting, else the project
 * file, switches them off), then the project file's rules, then the `dockml.rules` setting's, then the rule's own
 * setting in the Settings UI.
 */
export function ruleSeverity(rule: Rule, config: ProjectConfig | undefined, settings?: DockmlSettings): RuleSetting {
  const dockerChecks = settings?.dockerChecks ?? config?.dockerChecks ?? true;
  return resolveSeverity(rule.id, !dockerChecks && isDockerCheck(rule) ? 'off' : rule.severity, config?.rules, settings?.rules, settings?.rule);
}

/** The severity a rule runs at: its default, then the project file, then the editor setting. */
export function resolveSeverity(ruleId: string, fallback: RuleSetting, ...layers: (Readonly<Record<string, unknown>> | undefined)[]): RuleSetting {
  let result: RuleSetting = fallback;
  for (const layer of layers) {
    const value = layer ? normalizeSetting(layer[ruleId]) : undefined;
    if (value) result = value;
  }
  return result;
}
