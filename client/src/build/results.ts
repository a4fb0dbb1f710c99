// What each Dockerfile instruction did in a build: whether the classic builder took it from the cache, how long it
// took, and the size of the layer it made (from the image history), mapped to the instruction's line; the first
// instruction that missed the cache, with the likeliest reason, and how much the rebuilt layers weigh. No vscode here.
import type Dockerode from 'dockerode';
import { formatBytes } from '../../../server/src/project/contextSize';
import type { BuildListener } from './build';

export interface StepResult {
  /** The 1-based step number, which is the instruction's place in the Dockerfile. */
  step: number;
  instruction: string;
  /** The 0-based line where the instruction starts, when found. */
  line?: number;
  cached: boolean;
  /** Wall time of the step, in milliseconds. */
  ms: number;
  /** The short ID of the image the step produced. */
  imageId?: string;
  /** The size of the layer the step added (0 for metadata steps), once read from the history. */
  bytes?: number;
}

export interface BuildSummary {
  steps: StepResult[];
  /** The first step that was not taken from the cache, with why. */
  firstMiss?: { step: number; reason: string };
  /** The bytes of the layers that were rebuilt. */
  rebuiltBytes: number;
}

/** Records the steps of a classic build from its output lines, wrapping another listener. */
export class StepRecorder implements BuildListener {
  readonly steps: StepResult[] = [];
  private started = performance.now();

  constructor(private readonly inner?: BuildListener) {}

  line(text: string): void {
    this.inner?.line(text);
    const current = this.steps.at(-1);
    if (!current) return;
    if (text.trim() === '---> Using cache') current.cached = true;
    const produced = /^ ---> ([0-9a-f]{12})$/.exec(text);
    if (produced) {
      current.imageId = produced[1];
      current.ms = performance.now() - this.started;
    }
  }

  step(index: number, total: number, instruction: string): void {
    this.inner?.step?.(index, total, instruction);
    this.started = performance.now();
    this.steps.push({ step: index, instruction, cached: false, ms: 0 });
  }
}

/** The 0-based line where each instruction of a Dockerfile starts, in order (backslash continuations followed). */
export function instructionLines(text: string): number[] {
  const lines = text.split(/\r?\n/);
  const starts: number[] = [];
  let continued = false;
  for (const [index, line] of lines.entries()) {
    const trimmed = line.trim();
    if (!continued && trimmed !== '' && !trimmed.startsWith('#')) starts.push(index);
    if (trimmed.startsWith('#') && continued) continue;
    continued = trimmed === '' ? continued : trimmed.endsWith('\\');
  }
  return starts;
}

/**
 * Puts the recorded steps on their lines, reads each produced layer's size from the image history, and finds the
 * first cache miss; `previous` (the last build of the same Dockerfile) tells an edited instruction from changed files.
 */
export async function summarize(docker: Dockerode, imageId: string, text: string, steps: StepResult[], previous?: StepResult[]): Promise<BuildSummary> {
  const starts = instructionLines(text);
  const history = (await docker.getImage(imageId).history()) as { Id: string; Size: number }[];
  const sizes = new Map(history.filter((h) => h.Id.startsWith('sha256:')).map((h) => [h.Id.slice(7, 19), h.Size]));
  for (const step of steps) {
    step.line = starts[step.step - 1];
    // A FROM step reuses the base image: its layers are not this Dockerfile's.
    if (step.imageId && !/^FROM\s/i.test(step.instruction)) step.bytes = sizes.get(step.imageId);
  }
  const miss = steps.find((s) => !s.cached && !/^(FROM|ARG)\s/i.test(s.instruction) && !/^LABEL dockml\./.test(s.instruction));
  let firstMiss: BuildSummary['firstMiss'];
  if (miss) {
    const before = previous?.find((s) => s.step === miss.step);
    let reason: string;
    if (!previous) reason = 'no earlier build of this Dockerfile in the cache';
    else if (before && before.instruction !== miss.instruction) reason = 'this instruction changed';
    else if (/^(COPY|ADD)\s/i.test(miss.instruction) && !/--from/i.test(miss.instruction)) reason = 'the files it copies changed';
    else reason = 'the cache no longer holds this step (pruned, or built with --no-cache)';
    firstMiss = { step: miss.step, reason };
  }
  const rebuiltBytes = steps.filter((s) => miss && s.step >= miss.step && !s.cached).reduce((n, s) => n + (s.bytes ?? 0), 0);
  return { steps, firstMiss, rebuiltBytes };
}

/**
 * The hint shown at the end of an instruction's line after a build: size, time, and whether the step came from the
 * cache. It stays under VS Code's default inlay hint length (43 characters), so it is never cut; the first cache
 * miss is told by `firstMissText` on its own. A FROM step only takes the base image, which the builder never
 * reports as cached: it says so instead of "rebuilt".
 */
export function stepHint(step: StepResult): string {
  const outcome = /^FROM\s/i.test(step.instruction) ? 'base image' : step.cached ? 'cached' : 'rebuilt';
  return [step.bytes !== undefined ? formatBytes(step.bytes) : undefined, `${(step.ms / 1000).toFixed(1)} s`, outcome].filter(Boolean).join(' · ');
}

/** What the first instruction that missed the cache is marked with: why it missed, and what the miss rebuilt. */
export function firstMissText(summary: BuildSummary): string | undefined {
  if (!summary.firstMiss) return undefined;
  const rebuilt = summary.rebuiltBytes > 0 ? ` · this change rebuilt ${formatBytes(summary.rebuiltBytes)}` : '';
  return `First cache miss: ${summary.firstMiss.reason}${rebuilt}`;
}

/** The summary hover of the final FROM: the image's total size and its five largest layers with their lines. */
export function summaryHover(summary: BuildSummary, tag: string, totalBytes: number): string {
  const largest = summary.steps
    .filter((s) => (s.bytes ?? 0) > 0 && s.line !== undefined)
    .sort((a, b) => b.bytes! - a.bytes!)
    .slice(0, 5)
    .map((s) => `- line ${s.line! + 1}: ${formatBytes(s.bytes!)} \`${s.instruction.slice(0, 80)}\``);
  return [`**Last build: \`${tag}\`**, ${formatBytes(totalBytes)} in all`, '', ...(largest.length > 0 ? ['Largest layers:', ...largest] : ['No layer of its own.'])].join('\n');
}

/** The static rules whose findings can explain a cache miss: the build then says which one. */
export const EXPLAINING_RULES: readonly string[] = ['copy-all-before-install', 'model-weights-in-image'];

/**
 * The rules that explain the first cache miss of a build: those of EXPLAINING_RULES with a finding on the line of
 * the instruction that missed or above it, the nearest first. `findings` are the document's, by rule and 0-based line.
 */
export function explainingRules(summary: BuildSummary, findings: readonly { rule: string; line: number }[]): string[] {
  const missLine = summary.steps.find((s) => s.step === summary.firstMiss?.step)?.line;
  if (missLine === undefined) return [];
  const explaining = findings.filter((f) => EXPLAINING_RULES.includes(f.rule) && f.line <= missLine).sort((a, b) => b.line - a.line);
  return [...new Set(explaining.map((f) => f.rule))];
}

/** The hover on the first instruction that missed the cache: why, what it rebuilt, and the rules that explain it. */
export function missHover(summary: BuildSummary, rules: readonly string[], docsLink: (rule: string) => string): string {
  if (!summary.firstMiss) return '';
  const rebuilt = summary.rebuiltBytes > 0 ? ` This change rebuilt ${formatBytes(summary.rebuiltBytes)}.` : '';
  const see = rules.length > 0 ? ` See ${rules.map((rule) => `[${rule}](${docsLink(rule)})`).join(' and ')}.` : '';
  return `**First cache miss of the last build**: ${summary.firstMiss.reason}.${rebuilt}${see}`;
}
