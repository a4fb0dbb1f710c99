// A shell-form CMD or ENTRYPOINT runs the server under /bin/sh, which does not forward stop signals, so every stop waits for the kill timeout.
import type { Instr } from '../../dockerfile/model';
import type { DockerfileRule } from '../types';

/** Characters that make the shell do something beyond splitting words, outside quotes. */
const SHELL_SYNTAX = new Set(['|', '&', ';', '<', '>', '(', ')', '$', '`', '*', '?', '[', ']', '{', '}']);
/** Shell keywords and builtins that cannot be run without a shell. */
const SHELL_ONLY_COMMANDS = new Set(['if', 'for', 'while', 'until', 'case', '!', 'cd', 'export', 'source', '.', 'set', 'ulimit', 'umask', 'trap', 'eval', 'exec']);

export const rule: DockerfileRule = {
  id: 'shell-form-cmd',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { buildkit: ['JSONArgsRecommended'], hadolint: ['DL3025'] },
  fixable: true,
  docs: {
    summary: 'CMD or ENTRYPOINT in shell form in the shipped image.',
    rationale:
      'In shell form Docker runs the command as `/bin/sh -c "…"`, so the shell is PID 1 and receives the stop signal. ' +
      'It does not pass SIGTERM on to the model server, which then cannot drain requests or release the GPU: Ctrl-C does ' +
      'nothing and `docker stop` waits 10 seconds before killing the container. The JSON (exec) form runs the process directly. ' +
      'A CMD under a `dumb-init` ENTRYPOINT is left alone: dumb-init sends each signal to the whole process group.',
    bad: 'FROM python:3.11-slim\nCOPY serve.py .\nCMD python serve.py --port 8000',
    good: 'FROM python:3.11-slim\nCOPY serve.py .\nCMD ["python", "serve.py", "--port", "8000"]',
    fixSafety: {
      sometimes:
        'converting a CMD is safe when no ENTRYPOINT is in effect; converting an ENTRYPOINT (which then receives CMD and `docker run` arguments), or a CMD passed to an ENTRYPOINT, is unsafe. Under a SHELL instruction (such as `conda run`) the rule stays silent, as BuildKit does.',
    },
  },
  messages: {
    execForm: '`{keyword}` in shell form runs under /bin/sh, which does not pass SIGTERM on, so `docker stop` waits 10 s and kills; use the JSON (exec) form.',
    needsShell:
      '`{keyword}` in shell form runs under /bin/sh, which does not pass SIGTERM on, so `docker stop` waits 10 s and kills; ' +
      'start the command with `exec`, or move it into a script run in JSON form.',
  },
  check(ctx) {
    const { model } = ctx;
    // Only the CMD and ENTRYPOINT that take effect matter: the last ones along the shipped chain of stages.
    let cmd: Instr | undefined;
    let entrypoint: Instr | undefined;
    let shell: Instr | undefined;
    for (const stage of [...model.shippedStages].reverse()) {
      for (const instr of stage.instructions) {
        if (instr.keyword === 'CMD') cmd = instr;
        else if (instr.keyword === 'ENTRYPOINT') entrypoint = instr;
        else if (instr.keyword === 'SHELL') shell = instr;
      }
    }
    // The conversion keeps what runs only for a CMD under the default shell and no ENTRYPOINT: an exec-form
    // ENTRYPOINT receives CMD and `docker run` arguments (which the shell form ignores), an ENTRYPOINT in effect
    // receives CMD's words instead of `/bin/sh -c "…"`, and a SHELL (`conda run -n env bash -c`, `bash -l`) may set
    // up what the command needs.
    const safe = (instr: Instr) => instr.keyword === 'CMD' && entrypoint === undefined;
    // Like BuildKit's JSONArgsRecommended: under a SHELL instruction (`conda run`, `bash -l`) the shell form is how the
    // command gets the environment the SHELL sets up, so it is left alone.
    if (shell) return;
    // dumb-init (in its default mode) sends each signal to the whole process group, so a shell-form CMD under it
    // does not keep SIGTERM from the server the shell started.
    const groupInit = entrypoint?.isJsonForm === true && /^\s*\[\s*"(?:[^"]*\/)?dumb-init"/.test(entrypoint.argsText) && !/--single-child|"-c"/.test(entrypoint.argsText);
    for (const instr of [entrypoint, cmd]) {
      if (instr === cmd && groupInit) continue;
      const range = instr?.argsRange;
      if (!instr || !range || instr.isJsonForm) continue;
      if (instr.commands[0]?.words[0]?.value === 'exec') continue;
      const words = model.escape === '\\' ? plainWords(model.text, model.lines.offsetAt(range.start), model.lines.offsetAt(range.end)) : undefined;
      if (!words) {
        ctx.report({ messageId: 'needsShell', data: { keyword: instr.keyword }, range });
        continue;
      }
      const json = `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
      ctx.report({
        messageId: 'execForm',
        data: { keyword: instr.keyword },
        range,
        fixes: [{ title: 'Convert to the JSON (exec) form', preferred: true, safe: safe(instr), edits: [{ range, newText: json }] }],
      });
    }
  },
};

/**
 * The words of a shell-form command that the shell would only split, with quotes removed; undefined
 * when the shell would do more: operators, redirections, expansions, globs, escapes, assignments.
 */
function plainWords(text: string, start: number, end: number): string[] | undefined {
  const words: string[] = [];
  let word: string | undefined;
  let i = start;
  while (i < end) {
    const c = text[i];
    if (c === '\\') {
      // Only a line continuation is plain: Docker joins the lines and drops comment lines between them.
      const newline = /^\\[ \t]*\r?\n/.exec(text.slice(i, i + 64));
      if (!newline) return undefined;
      i += newline[0].length;
      while (i < end) {
        const lineEnd = text.indexOf('\n', i);
        const line = text.slice(i, lineEnd < 0 ? end : lineEnd);
        if (lineEnd < 0 || !/^\s*(#.*)?\r?$/.test(line)) break;
        i = lineEnd + 1;
      }
      continue;
    }
    if (c === ' ' || c === '\t') {
      if (word !== undefined) words.push(word);
      word = undefined;
      i++;
      continue;
    }
    if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1);
      if (close < 0 || close >= end) return undefined;
      const quoted = text.slice(i + 1, close);
      if (/[\r\n]/.test(quoted) || (c === '"' && /[$`\\]/.test(quoted))) return undefined;
      word = (word ?? '') + quoted;
      i = close + 1;
      continue;
    }
    if (SHELL_SYNTAX.has(c) || c === '\r' || c === '\n' || (word === undefined && (c === '#' || c === '~'))) return undefined;
    word = (word ?? '') + c;
    i++;
  }
  if (word !== undefined) words.push(word);
  if (words.length === 0 || SHELL_ONLY_COMMANDS.has(words[0]) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) return undefined;
  return words;
}
