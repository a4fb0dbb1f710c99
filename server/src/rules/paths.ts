// Paths as the layers of a stage see them, for the rules about what earlier layers added: the stages a stage is
// built on, the files each COPY or ADD writes, and paths written in a RUN resolved against WORKDIR and variables.
import * as path from 'node:path';
import type { Instr, Stage } from '../dockerfile/model';
import { copyDestination, copySources, copyTarget, workdirAfter } from '../dockerfile/split';
import { normalisePath } from './caches';

const posix = path.posix;

/** A path a COPY or ADD wrote, with the instruction and the source it came from. */
export interface Copied {
  instr: Instr;
  target: string;
  source: string;
}

/** The stage and the stages it is built on, the root first. */
export function stageChain(stage: Stage): Stage[] {
  const stages: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !stages.includes(s); s = s.parent) stages.unshift(s);
  return stages;
}

/**
 * Records what a COPY or ADD writes and follows WORKDIR; returns the working directory after the instruction.
 * Files copied into a folder (`COPY requirements.txt .`) are recorded as themselves, not as the whole folder.
 */
export function trackCopies(instr: Instr, workdir: string | undefined, copies: Copied[]): string | undefined {
  if (instr.keyword === 'COPY' || instr.keyword === 'ADD') {
    const target = copyTarget(instr, workdir);
    const sources = copySources(instr).map((w) => w.value);
    const names = sources.map((s) => posix.basename(s));
    const destination = copyDestination(instr) ?? '';
    const files = names.length > 0 && names.every((b) => /.\../.test(b) && !/[*?[$]/.test(b));
    const intoFolder = destination.endsWith('/') || destination === '.' || names.length > 1;
    const targets = target && files && intoFolder ? names.map((b, i) => [posix.join(target, b), sources[i]]) : target ? [[target, sources.join(' ')]] : [];
    for (const [p, source] of targets) if (p.startsWith('/') && !p.includes('$')) copies.push({ instr, target: p, source });
  }
  return workdirAfter(workdir, instr);
}

/** A path as a RUN sees it, or undefined when a variable in it has no known value or it holds a wildcard. */
export function resolvePath(value: string, workdir: string | undefined, env: ReadonlyMap<string, string>): string | undefined {
  const expanded = normalisePath(value, env);
  if (expanded.includes('$') || /[*?[]/.test(expanded)) return undefined;
  if (expanded.startsWith('/')) return expanded || '/';
  const joined = `${workdir ?? ''}/${expanded}`.split('/').filter((p) => p !== '' && p !== '.');
  return `/${joined.join('/')}`;
}
