// Compose v2 ignores the top-level `version:` key and warns about it; it only misleads readers.
import type { ComposeRule } from '../types';

export const rule: ComposeRule = {
  id: 'obsolete-version',
  kind: 'compose',
  severity: 'info',
  fixable: true,
  docs: {
    summary: 'Top-level `version:`, which Compose v2 ignores.',
    rationale:
      'The Compose Specification made `version` obsolete: `docker compose` ignores it and prints a warning on every run. ' +
      'Readers take it for a feature switch (`"2.3"` for `runtime: nvidia`, `"3.8"` for `deploy`), which it no longer is.',
    bad: 'version: "3.8"\nservices:\n  api:\n    image: python:3.11-slim\n',
    good: 'services:\n  api:\n    image: python:3.11-slim\n',
    fixSafety: 'safe',
  },
  messages: {
    obsolete: '`version` is obsolete and ignored by Compose v2; remove it.',
  },
  check(ctx) {
    const version = ctx.model.root('version');
    if (!version || version.merged) return;
    const range = ctx.model.rangeOf(version.pair)!;
    const lines = ctx.model.lines;
    // Remove the whole line, with its line break, so no blank line is left at the top.
    const end = range.end.line + 1 < lines.lineCount ? { line: range.end.line + 1, character: 0 } : range.end;
    ctx.report({
      messageId: 'obsolete',
      range: ctx.model.rangeOf(version.keyNode)!,
      fixes: [{ title: 'Remove `version`', preferred: true, safe: true, edits: [{ range: { start: { line: range.start.line, character: 0 }, end }, newText: '' }] }],
    });
  },
};
