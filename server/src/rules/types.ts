// The contract between the rule engine and each rule: what a rule declares about itself and what it may report.
import type { Range } from 'vscode-languageserver-types';
import type { ComposeModel, ComposeService } from '../compose/model';
import type { DockerfileModel } from '../dockerfile/model';
import type { ContextSize } from '../project/contextSize';

export type { Range, Position } from 'vscode-languageserver-types';

/** How loud a finding is, from the user's point of view; `off` exists only in configuration. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** One replacement of text. `file` is absent for the document being linted, else an absolute path. */
export interface FileEdit {
  file?: string;
  range: Range;
  newText: string;
  /** True when the edit creates `file`, which must not exist yet (its range is then 0:0-0:0). */
  create?: boolean;
}

/**
 * A mechanical fix offered for one finding. The `preferred` fix is the one `fix` and fix-all apply, and only
 * when it is `safe`: the image or stack does exactly the same thing afterwards. A fix that changes the base
 * image, the user, the installed package set, or deletes anything is unsafe: offered in the editor, applied
 * in bulk only by `dockml fix --unsafe`. A fix that creates a file is never applied in bulk without `--unsafe`
 * either, whatever its `safe` says (see `preferredEdits`).
 */
export interface Fix {
  title: string;
  edits: FileEdit[];
  preferred?: boolean;
  /** Required, so that every fix states it: true only when the image or stack behaves the same afterwards. */
  safe: boolean;
}

/** What the docs page of a rule is generated from. */
export interface RuleDocs {
  /** One sentence: what the rule catches. */
  summary: string;
  /** Why it matters, in a short paragraph. */
  rationale: string;
  /** A snippet that the rule reports. */
  bad: string;
  /** The same snippet written well; the rule stays silent on it. */
  good: string;
  /**
   * Required when the rule is fixable: `safe` when every fix it offers is safe (applied by `dockml fix`), `unsafe`
   * when none is, else a sentence saying which are.
   */
  fixSafety?: FixSafety;
  /** Other files of the project both examples are linted with, by path relative to it (a `.dockerignore`). */
  files?: Record<string, string>;
}

/** Whether a rule's fixes are safe: all, none, or some (explained in a sentence). */
export type FixSafety = 'safe' | 'unsafe' | { sometimes: string };

/** What a rule hands to `report`: a message chosen by id (tests assert ids, not prose) and a range. */
export interface Report {
  messageId: string;
  /** Values for `{name}` placeholders in the message. */
  data?: Record<string, string | number>;
  range: Range;
  fixes?: Fix[];
  /** A milder severity than the rule's, for advice that holds only under a condition; the milder of the two is used. */
  severity?: Severity;
}

/** Read-only access to files next to the linted one, so that rules stay pure and testable. */
export interface FileHost {
  /** The text of the file at an absolute path, or undefined when it does not exist or cannot be read. */
  readFile(path: string): string | undefined;
  exists(path: string): boolean;
}

interface ContextBase {
  /** The linted document's absolute path, or undefined for an unsaved document. */
  readonly path: string | undefined;
  readonly text: string;
  readonly files: FileHost;
  report(report: Report): void;
}

/** A Compose service, found in the project, whose `build:` builds the linted Dockerfile. */
export interface ComposeBuilder {
  /** The absolute path of the Compose file that declares the service. */
  composeFile: string;
  service: string;
  /** The absolute build context folder. */
  contextDir: string;
  /** `build.target`, when set. */
  target?: string;
  /** The service's `user:`, when set: its container does not run as the image's user. */
  user?: string;
  /** True when the service requests GPUs (`deploy` device reservations, `gpus:`, or the legacy runtime). */
  gpu: boolean;
  /** True when the service declares its own `healthcheck:`, which replaces the image's HEALTHCHECK. */
  healthcheck?: boolean;
}

export interface DockerfileContext extends ContextBase {
  readonly model: DockerfileModel;
  /** The Compose services in the project that build this Dockerfile; empty when none is known. */
  readonly builders: readonly ComposeBuilder[];
  /**
   * The folder the project starts at: the nearest one above with `.git`, or the scanned or workspace folder, however
   * far up; undefined when unknown. The folder names between it and the file tell what the image is for (see roles).
   */
  readonly root?: string;
  /**
   * What a build context folder holds once its `.dockerignore` (if any) is applied, when it has been measured; the
   * editor measures in the background and analyses again once the answer is there.
   */
  contextSize(dir: string, ignoreFile: string | undefined): ContextSize | undefined;
}

/** Where a Compose service's `build:` leads, resolved against the Compose file's folder. */
export interface BuildTarget {
  /** The range of the `build:` value, to report problems of the build as a whole. */
  range: Range;
  /** The absolute build context folder; undefined for a remote (URL) context. */
  contextDir?: string;
  /** The absolute Dockerfile path; undefined for `dockerfile_inline` or a remote context. */
  dockerfilePath?: string;
  /** The parsed Dockerfile, when it could be read (or was given inline). */
  dockerfile?: DockerfileModel;
  /** Why the Dockerfile could not be read: its context folder or the file itself is missing. */
  missing?: 'context' | 'dockerfile';
  /** `build.target` with its range, when set. */
  target?: { name: string; range: Range };
}

export interface ComposeContext extends ContextBase {
  readonly model: ComposeModel;
  /** The build of a service, or undefined when it has none (or the document is unsaved and relative). */
  build(service: ComposeService): BuildTarget | undefined;
}

interface RuleBase<Ctx> {
  /** Stable kebab-case id: the diagnostic code, the settings key, the suppression name and the docs file name. */
  id: string;
  severity: Severity;
  docs: RuleDocs;
  /**
   * The names other tools give the same check, which DockML answers to in their suppression directives and
   * lists in `dockml rules`: BuildKit's build-check names (`JSONArgsRecommended`, honoured in `# check=skip=`)
   * and hadolint's codes (`DL3008`, honoured in `# hadolint ignore=`). One rule per check, never a second rule.
   */
  aliases?: { buildkit?: string[]; hadolint?: string[] };
  /**
   * True for a rule that reports what `docker build` itself refuses (an unknown instruction, a bad flag). Such rules and
   * those with BuildKit aliases are Docker's own checks, which the `dockerChecks` switch turns off together.
   */
  validity?: boolean;
  messages: Record<string, string>;
  /** Whether the rule ships a mechanical fix for (some of) its reports. */
  fixable: boolean;
  check(ctx: Ctx): void;
}

export interface DockerfileRule extends RuleBase<DockerfileContext> {
  kind: 'dockerfile';
}

export interface ComposeRule extends RuleBase<ComposeContext> {
  kind: 'compose';
}

export type Rule = DockerfileRule | ComposeRule;
