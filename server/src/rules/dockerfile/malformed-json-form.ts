// `CMD ["python", "app.py"` or `CMD ['python', 'app.py']`: not JSON, so Docker runs the text as a shell command.
import { isJsonStringArray } from '../../dockerfile/buildkit';
import type { DockerfileRule } from '../types';

const JSON_FORM = new Set(['CMD', 'ENTRYPOINT', 'RUN', 'SHELL']);

export const rule: DockerfileRule = {
  id: 'malformed-json-form',
  kind: 'dockerfile',
  severity: 'error',
  validity: true,
  fixable: true,
  docs: {
    summary: 'A `CMD`, `ENTRYPOINT`, `RUN` or `SHELL` meant as a JSON array that is not valid JSON (single quotes, a missing `]` or comma).',
    rationale:
      'When the array is not valid JSON Docker silently takes the whole text as a shell-form command: ' +
      "`CMD ['python', 'serve.py']` makes the container run `/bin/sh -c \"['python', 'serve.py']\"`, which fails at start " +
      'with "not found". `SHELL` requires the JSON form and fails the build.',
    bad: "FROM python:3.11-slim\nCMD ['python', 'serve.py']",
    good: 'FROM python:3.11-slim\nCMD ["python", "serve.py"]',
    fixSafety: 'unsafe',
  },
  messages: {
    malformed: 'This looks like the JSON (exec) form but is not valid JSON ({reason}), so Docker runs it as a shell command.',
  },
  check(ctx) {
    const { model } = ctx;
    for (const instr of model.instructions) {
      if (!JSON_FORM.has(instr.keyword) || !instr.argsRange || !instr.argsText.startsWith('[') || instr.heredocs.length > 0) continue;
      const text = joinLines(instr.argsText, model.escape).trim();
      // `[ "$x" = y ]` and `[ -f file ]` are the shell's test command, not an array.
      if (!/^\[\s*(["'\]]|$)/.test(text)) continue;
      if (isJsonStringArray(text)) continue;
      const candidate = repair(text);
      const reason = /^\[\s*'/.test(text) ? 'use double quotes' : !text.endsWith(']') ? 'missing `]`' : 'check the quotes and commas';
      ctx.report({
        messageId: 'malformed',
        data: { reason },
        range: instr.argsRange,
        // What the command runs changes from the shell's reading of the text to the array: unsafe.
        fixes: candidate ? [{ title: 'Write it as a JSON array', preferred: true, safe: false, edits: [{ range: instr.argsRange, newText: candidate }] }] : [],
      });
    }
  },
};

/** The arguments with line continuations removed, as Docker joins them. */
function joinLines(text: string, escape: string): string {
  return text.split(escape + '\n').join('').split(escape + '\r\n').join('');
}

/** The array with single quotes made double and a missing `]` added, when that makes it valid JSON. */
function repair(text: string): string | undefined {
  let fixed = text;
  if (!fixed.includes('"')) fixed = fixed.replace(/'/g, '"');
  if (!fixed.endsWith(']')) fixed += ']';
  if (!isJsonStringArray(fixed)) return undefined;
  return `[${(JSON.parse(fixed) as string[]).map((w) => JSON.stringify(w)).join(', ')}]`;
}
