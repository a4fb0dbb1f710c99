// What the installer cache rules ask of a RUN: the ENV and ARG values in force before it, variables set for
// one command, the paths a command deletes, and the words of a command, so that each rule only states where
// its installer keeps its cache and how that cache is turned off or cleared.
import { appendOffset, assignments, continuation, joinText } from '../dockerfile/layers';
import type { Instr, Stage } from '../dockerfile/model';
import { commandName, ShellCommand, Word } from '../dockerfile/shell';
import { insertAt } from './edits';
import type { FileEdit } from './types';

/** The ENV and ARG values in force at an instruction: its stage's before it, after those of the stages it is built on. */
export function environmentAt(instr: Instr): Map<string, string> {
  const env = new Map<string, string>();
  const chain: Stage[] = [];
  for (let s = instr.stage; s && !chain.includes(s); s = s.parent) chain.unshift(s);
  for (const stage of chain) {
    for (const other of stage.instructions) {
      if (other === instr) break;
      if (other.keyword === 'ENV' || other.keyword === 'ARG') for (const [name, value] of assignments(other)) env.set(name, value);
    }
  }
  return env;
}

/** True when a variable's value turns a switch on: set, and not `0`, `false`, `no` or `off`. */
export function switchedOn(value: string | undefined): boolean {
  return value !== undefined && value !== '' && !/^(0|false|no|off)$/i.test(value);
}

/**
 * The value a RUN gives a variable before `command`: inline (`UV_NO_CACHE=1 uv sync`) or with an `export` earlier
 * in the RUN; undefined when the RUN does not set it.
 */
export function setInRun(instr: Instr, command: ShellCommand, name: string): string | undefined {
  let value: string | undefined;
  for (const other of instr.commands) {
    if (other.words[0].start > command.words[0].start) break;
    const exported = other !== command && other.words[0].value === 'export';
    if (other !== command && !exported) continue;
    for (const word of other.words) {
      if (word.value.startsWith(`${name}=`)) value = word.value.slice(name.length + 1);
    }
  }
  return value;
}

/**
 * A path as the build sees it: `~` and `$HOME` made the home folder, other variables replaced from `env`, and
 * trailing `/`, `/*` and `/.` removed. The home is `/root` unless `env` says otherwise.
 */
export function normalisePath(value: string, env: ReadonlyMap<string, string>): string {
  const home = env.get('HOME') ?? '/root';
  return value
    .replace(/^~(?=\/|$)/, home)
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (whole, braced, bare) => {
      const name = braced ?? bare;
      if (name === 'HOME') return home;
      return env.get(name) ?? whole;
    })
    .replace(/(\/\*|\/\.|\/)+$/, '');
}

/** The paths an `rm` command deletes, normalised; empty for any other command. */
export function removedPaths(command: ShellCommand, env: ReadonlyMap<string, string>): string[] {
  const named = commandName(command);
  if (!named || named.name !== 'rm') return [];
  return named.args.filter((w) => !w.value.startsWith('-')).map((w) => normalisePath(w.value, env));
}

/** True when a command of the RUN after offset `after` satisfies `clears`. */
export function clearedAfter(instr: Instr, after: number, clears: (command: ShellCommand) => boolean): boolean {
  return instr.commands.some((c) => c.words[0].start >= after && clears(c));
}

/** True when any word of a command, options before the verb included, is one of `flags` (or `--flag=…`). */
export function hasWord(words: Word[], flags: string[]): boolean {
  return words.some((w) => flags.includes(w.value) || flags.some((f) => f.startsWith('--') && w.value.startsWith(`${f}=`)));
}

/** An edit that appends `next` with `&&` to a shell-form RUN, keeping its layout; undefined when it cannot. */
export function appendCommand(instr: Instr, next: string): FileEdit | undefined {
  const at = appendOffset(instr);
  if (at === undefined) return undefined;
  return insertAt(instr.model.lines.positionAt(at), joinText(instr.model, continuation(instr), next));
}

/** An edit that inserts an option right after a word (the install verb), in the shell or the JSON form. */
export function insertOption(instr: Instr, after: Word, option: string): FileEdit {
  return insertAt(instr.model.lines.positionAt(after.end), instr.isJsonForm ? `, "${option}"` : ` ${option}`);
}
