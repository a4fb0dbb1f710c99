// Renders a rule's docs page (docs/rules/<id>.md) and the rule index from rule metadata, so that
// the pages cannot drift from the rules; `npm run docs` writes them and a test checks they are current.
import type { Rule } from './types';

/** The "Fix" line of a rule's docs page: whether `dockml fix` applies its fixes. */
export function fixLine(rule: Rule): string {
  const safety = rule.docs.fixSafety;
  if (!rule.fixable || safety === undefined) return 'none';
  if (safety === 'safe') return 'safe: applied by `dockml fix` and fix-all';
  if (safety === 'unsafe') return 'unsafe: offered as a quick fix, applied in bulk only by `dockml fix --unsafe`';
  return `sometimes safe: ${safety.sometimes}`;
}

/** The short form of the safety, for the rule index. */
function fixColumn(rule: Rule): string {
  const safety = rule.docs.fixSafety;
  if (!rule.fixable || safety === undefined) return '';
  return typeof safety === 'string' ? safety : 'sometimes safe';
}

const LANGUAGE: Record<Rule['kind'], { label: string; fence: string }> = {
  dockerfile: { label: 'Dockerfile', fence: 'dockerfile' },
  compose: { label: 'Compose', fence: 'yaml' },
};

export function renderRuleDoc(rule: Rule): string {
  const { label, fence } = LANGUAGE[rule.kind];
  return [
    `# ${rule.id}`,
    '',
    rule.docs.summary,
    '',
    `- Applies to: ${label}`,
    `- Default severity: ${rule.severity}`,
    `- Fix: ${fixLine(rule)}`,
    '',
    '## Why',
    '',
    rule.docs.rationale,
    '',
    '## Bad',
    '',
    '```' + fence,
    rule.docs.bad,
    '```',
    '',
    '## Good',
    '',
    '```' + fence,
    rule.docs.good,
    '```',
    '',
    '## Configure',
    '',
    'Change the severity or turn the rule off in `.dockml.yaml` (or in the `dockml.rules` setting):',
    '',
    '```yaml',
    'rules:',
    `  ${rule.id}: off # or error, warning, info, hint`,
    '```',
    '',
    `Suppress it for one ${rule.kind === 'dockerfile' ? 'instruction' : 'line'} with \`# dockml-ignore ${rule.id}\` on the line above.`,
    '',
  ].join('\n');
}

export function renderRuleIndex(rules: readonly Rule[]): string {
  const rows = [...rules]
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id))
    .map((r) => `| [${r.id}](${r.id}.md) | ${LANGUAGE[r.kind].label} | ${r.severity} | ${fixColumn(r)} | ${r.docs.summary.replace(/\|/g, '\\|')} |`);
  return [
    '# Rules',
    '',
    'Generated from the rule metadata by `npm run docs`; do not edit by hand.',
    '',
    'A *safe* fix leaves the image or stack doing exactly what it did, and `dockml fix` applies it; an *unsafe* fix ' +
      '(it changes the base image, the user, the installed packages, or deletes or creates something) is offered as a ' +
      'quick fix and applied in bulk only by `dockml fix --unsafe`.',
    '',
    '| rule | applies to | default severity | fix | catches |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

/** The JSON schema of the `dockml.rules` setting: one property per rule, described for the settings UI. */
export function rulesSettingSchema(rules: readonly Rule[]): Record<string, unknown> {
  return Object.fromEntries(
    [...rules]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((r) => [
        r.id,
        {
          type: 'string',
          enum: ['error', 'warning', 'info', 'hint', 'off'],
          default: r.severity,
          markdownDescription: `${LANGUAGE[r.kind].label}: ${r.docs.summary}`,
        },
      ]),
  );
}
