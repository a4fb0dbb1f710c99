// A Compose file that is not valid YAML cannot be loaded at all; say where it breaks, once.
import type { ComposeRule } from '../types';

export const rule: ComposeRule = {
  id: 'compose-syntax',
  kind: 'compose',
  severity: 'error',
  fixable: false,
  docs: {
    summary: 'The Compose file is not valid YAML.',
    rationale:
      'Compose refuses a file it cannot parse, so nothing in it runs, and a mapping that sets a key twice (`mapping key "image" ' +
      'already defined at line 3`, reported on the second key; a key that overrides one merged in through `<<` is no duplicate). ' +
      'DockML reports the first syntax error at its position ' +
      '(later errors are often echoes of the first) and still checks the parts of the file that parse.',
    bad: 'services:\n  api:\n    image: python:3.11-slim\n    ports: [ "8000:8000"\n',
    good: 'services:\n  api:\n    image: python:3.11-slim\n    ports: ["8000:8000"]\n',
  },
  messages: {
    syntax: 'YAML syntax error: {message}',
    data: 'This YAML cannot be loaded: {message}',
  },
  check(ctx) {
    const first = ctx.model.syntaxErrors[0];
    if (first) {
      ctx.report({ messageId: 'syntax', data: { message: first.message }, range: first.range });
    } else if (ctx.model.dataError) {
      const start = { line: 0, character: 0 };
      ctx.report({ messageId: 'data', data: { message: ctx.model.dataError }, range: { start, end: start } });
    }
  },
};
