// What the installer cache rules ask of a RUN: the ENV and ARG values in force before it, variables set for
// one command, the paths a command deletes, and the words of a command, so that each rule only states where
// its installer keeps its cache and how that cache is turned off or cleared.
import { appendOffset, assignments, continuation, joinText } from '../dockerfile/layers';
import type { Instr, Stage } from '../dockerfile/model';
import { commandName, ShellCommand, Word } from '../dockerfile/shell';
import { memoized, memoKey } from '../support/memo';
import { insertAt } from './edits';
import type { FileEdit } from './types';

/** `environmentAt` answers, kept on each stage and built in one pass: rules ask for every RUN, and walking the stage each time was quadratic. */
const ENVIRONMENTS = memoKey<Map<Instr, ReadonlyMap<string, string>>>('environments');

/**
 * The ENV and ARG values in force at an instruction: its stage's before it, after those of the stages it is built on.
 * The map is shared with other instructions: do not change it.
 */
export function environmentAt(instr: Instr): ReadonlyMap<string, string> {
  const stage = instr.stage;
  if (!stage) return new Map();
  const byInstr = memoized(stage, ENVIRONMENTS, () => {
    const byInstr = new Map<Instr, ReadonlyMap<string, string>>();
    const chain: Stage[] = [];
    for (let s: Stage | undefined = stage; s && !chain.includes(s); s = s.parent) chain.unshift(s);
    let env = new Map<string, string>();
    for (const current of chain) {
      for (const other of current.instructions) {
        if (current === stage) byInstr.set(other, env);
        if (other.keyword === 'ENV' || other.keyword === 'ARG') {
          env = new Map(env);
          for (const [name, value] of assignments(other)) env.set(name, value);
        }
      }
    }
    return byInstr;
  });
  return byInstr.get(instr) ?? new Map();
}

/** True when a variable's value turns a switch on: set, and not `0`, `false`, `no` or `off`. */
export function switchedOn(value: string | undefined): boolean {
  return value !== undefined && value !== '' && !/^(0|false|no|off)$/i.test(value);
}

/**
 * How a RUN sets a variable for its commands: `valueFor(command)` is the value given inline (`UV_NO_CACHE=1 uv sync`)
 * or by the last `export` before the command, undefined when the RUN does not set it. The exports are read once per RUN.
 */
export function runVariable(instr: Instr, name: string): (command: ShellCommand) => string | undefined {
  const exports: { start: number; value: string }[] = [];
  for (const command of instr.commands) {
    if (command.words[0].value !== 'export') continue;
    for (const word of command.words) if (word.value.startsWith(`${name}=`)) exports.push({ start: command.words[0].start, value: word.value.slice(name.length + 1) });
  }
  return (command) => {
    const inline = command.words.find((w) => w.value.startsWith(`${name}=`));
    if (inline) return inline.value.slice(name.length + 1);
    let value: string | undefined;
    for (const e of exports) if (e.start < command.words[0].start) value = e.value;
    return value;
  };
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

/**
 * The start offset of the last command of the RUN that satisfies `clears`, or -1: an install is cleared when it
 * ends before it. Found once per RUN, from the end, so that a RUN of thousands of installs stays linear.
 */
export function lastClearing(instr: Instr, clears: (command: ShellCommand) => boolean): number {
  const commands = instr.commands;
  for (let i = commands.length - 1; i >= 0; i--) if (clears(commands[i])) return commands[i].words[0].start;
  return -1;
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
