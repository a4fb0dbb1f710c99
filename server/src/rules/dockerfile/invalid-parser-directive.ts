// A parser directive Docker rejects: an escape character other than `\` or a backtick, or one directive given twice.
import { parserDirectives } from '../../dockerfile/buildkit';
import type { DockerfileRule } from '../types';

export const rule: DockerfileRule = {
  id: 'invalid-parser-directive',
  kind: 'dockerfile',
  severity: 'error',
  validity: true,
  fixable: false,
  docs: {
    summary: 'A `# escape=` directive with a character other than `\\` or a backtick, or a parser directive repeated.',
    rationale:
      'Parser directives at the top of the file change how Docker reads the rest of it, and Docker refuses a file whose ' +
      'directives it cannot apply: "invalid escape token" or "only one escape parser directive can be used".',
    bad: '# escape=^\nFROM python:3.11-slim',
    good: '# escape=`\nFROM python:3.11-slim',
  },
  messages: {
    escape: 'Invalid escape character `{value}`; Docker accepts only `\\` or a backtick.',
    duplicate: 'The `{name}` directive is already given on line {line}; Docker accepts each parser directive once.',
  },
  check(ctx) {
    const { lines } = ctx.model;
    const seen = new Map<string, number>();
    for (const directive of parserDirectives(ctx.model.text)) {
      const text = lines.lineText(directive.line);
      const range = { start: { line: directive.line, character: 0 }, end: { line: directive.line, character: text.length } };
      const earlier = seen.get(directive.name);
      if (earlier !== undefined && (directive.name === 'escape' || directive.name === 'syntax' || directive.name === 'check')) {
        ctx.report({ messageId: 'duplicate', data: { name: directive.name, line: earlier + 1 }, range });
      } else if (directive.name === 'escape' && directive.value !== '\\' && directive.value !== '`') {
        ctx.report({ messageId: 'escape', data: { value: directive.value }, range });
      }
      if (earlier === undefined) seen.set(directive.name, directive.line);
    }
  },
};
