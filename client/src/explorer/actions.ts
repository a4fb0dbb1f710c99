// What the explorer's actions share: the dialogs they wait for (ActionUi), what they report (ActionOutcome), and the
// wording of lists in confirmations. Every destructive call waits for `ActionUi.choose`, a modal dialog in VS
// Code and a scripted answer in tests. Each view's own actions live in its folder. No vscode here.
import type { EngineApi } from './engine';
import { plainFailure } from './errors';
import { formatBytes } from './model';

export interface ActionUi {
  /**
   * Asks a question with these buttons and resolves to the one chosen, or undefined when the user cancels.
   * Modal unless `modal` is false (a second ask after a long list was opened, so the list can be scrolled).
   */
  choose(message: string, detail: string, buttons: string[], modal?: boolean): Promise<string | undefined>;
  /** Shows a long text, such as everything a prune would remove, in a read-only editor. */
  showText(title: string, text: string): Promise<void>;
  /** Runs work that may take a while with a cancellable progress indicator. */
  withProgress<T>(title: string, work: (progress: ActionProgress) => Promise<T>): Promise<T>;
}

/** Where long work reports how far it got, and learns that the user asked it to stop. */
export interface ActionProgress {
  report(done: number, total: number, current: string): void;
  readonly cancelled: boolean;
}

/**
 * What an action did, for a notification: `ok` false means nothing (or not everything) happened, and
 * `cancelled` that the user declined, which needs no notification at all.
 */
export interface ActionOutcome {
  ok: boolean;
  message: string;
  cancelled?: boolean;
}


/** Names of networks and volumes: letters, digits, `_`, `.` and `-`, starting with a letter or digit. */
export const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

/** How many names a confirmation or a result lists before it says "and N more". */
export const SUMMARY_NAMES = 10;

/** One object a prune would remove, with the words the confirmation shows for it. */
export interface PruneCandidate {
  id: string;
  name: string;
  size?: number;
  /** For volumes: whether it has a name of its own (the default prune keeps those), and its Compose project. */
  named?: boolean;
  project?: string;
  /** For images: whether no tag names it (the default prune takes only those), and its tags, removed one by one. */
  dangling?: boolean;
  tags?: string[];
}


export const SHOW_ALL = 'Show All';


export interface PruneQuestion {
  message: string;
  detail: string;
  /** The buttons and what each removes, in the order shown. */
  choices: Map<string, PruneCandidate[]>;
}


/** The bytes the candidates hold together, as " (4.2 GB)" with `note` after the size; empty when none is known. */
export function totalSize(candidates: PruneCandidate[], note = ''): string {
  const total = candidates.reduce((sum, c) => sum + (c.size ?? 0), 0);
  return total > 0 ? ` (${formatBytes(total)}${note})` : '';
}

/** The buttons of a prune that, as the docker CLI's, takes `defaults` unless asked for every candidate (`--all`). */
export function tieredChoices(defaultButton: string, defaults: PruneCandidate[], allButton: string, candidates: PruneCandidate[]): Map<string, PruneCandidate[]> {
  const choices = new Map<string, PruneCandidate[]>();
  if (defaults.length > 0) choices.set(defaultButton, defaults);
  if (candidates.length > defaults.length) choices.set(allButton, candidates);
  return choices;
}

/** One line per candidate: its name, what kind it is, and its size. */
export function describeCandidate(c: PruneCandidate): string {
  const kind = c.named === undefined ? [] : [c.named ? (c.project ? `named, Compose project ${c.project}` : 'named') : 'anonymous'];
  const extra = [...kind, ...(c.size !== undefined ? [formatBytes(c.size)] : [])];
  return `${c.name}${extra.length > 0 ? ` (${extra.join(', ')})` : ''}`;
}

/** The first SUMMARY_NAMES candidates as bullets, and how many more there are. */
export function summary(candidates: PruneCandidate[]): string {
  const lines = candidates.slice(0, SUMMARY_NAMES).map((c) => `• ${describeCandidate(c)}`);
  if (candidates.length > SUMMARY_NAMES) lines.push(`… and ${candidates.length - SUMMARY_NAMES} more (“${SHOW_ALL}” lists them).`);
  return lines.join('\n');
}

export function fullList(candidates: PruneCandidate[], type: 'network' | 'volume' | 'image'): string {
  return `${candidates.length} unused ${type}s, as the prune confirmation found them:\n\n${candidates.map(describeCandidate).join('\n')}\n`;
}

/** Names joined with commas, the first SUMMARY_NAMES of them and how many more. */
export function listNames(names: string[]): string {
  if (names.length <= SUMMARY_NAMES) return names.join(', ');
  return `${names.slice(0, SUMMARY_NAMES).join(', ')} and ${names.length - SUMMARY_NAMES} more`;
}

/** An engine that could not be read, as an outcome in the words the views use. */
export function engineFailure(engine: EngineApi, error: unknown): ActionOutcome {
  return { ok: false, message: plainFailure(error, engine.endpoint) };
}

