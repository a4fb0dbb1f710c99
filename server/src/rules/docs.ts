// Renders a rule's docs page (docs/rules/<id>.md) and the rule index from rule metadata, so that
// the pages cannot drift from the rules; `npm run docs` writes them and a test checks they are current.
import { isDockerCheck } from '.';
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

/** The names other tools give the rule, for the docs page and the index: `BuildKit JSONArgsRecommended, hadolint DL3025`. */
export function aliasText(rule: Rule): string {
  const buildkit = rule.aliases?.buildkit ?? [];
  const hadolint = rule.aliases?.hadolint ?? [];
  return [...buildkit.map((name) => `BuildKit \`${name}\``), ...hadolint.map((code) => `hadolint \`${code}\``)].join(', ');
}

/** How the rule can be suppressed with the directives of the tools it answers to, besides `# dockml-ignore`. */
function otherSuppressions(rule: Rule): string[] {
  const lines: string[] = [];
  const buildkit = rule.aliases?.buildkit ?? [];
  const hadolint = rule.aliases?.hadolint ?? [];
  if (buildkit.length > 0) {
    lines.push(
      `BuildKit's parser directive \`# check=skip=${buildkit[0]}\` (or \`skip=all\`) at the top of the Dockerfile turns it off for the ` +
        'file, and `# check=error=true` reports it as an error, as `docker build` does.',
    );
  }
  if (hadolint.length > 0) {
    lines.push(`hadolint's \`# hadolint ignore=${hadolint[0]}\` on the line above suppresses it too, and \`# hadolint global ignore=${hadolint[0]}\` for the file.`);
  }
  return lines.length > 0 ? ['', ...lines.flatMap((line, i) => (i === 0 ? [line] : ['', line]))] : [];
}

export function renderRuleDoc(rule: Rule): string {
  const { label, fence } = LANGUAGE[rule.kind];
  const aliases = aliasText(rule);
  return [
    `# ${rule.id}`,
    '',
    rule.docs.summary,
    '',
    `- Applies to: ${label}`,
    `- Default severity: ${rule.severity}`,
    `- Fix: ${fixLine(rule)}`,
    ...(aliases ? [`- Also known as: ${aliases}`] : []),
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
    ...Object.entries(rule.docs.files ?? {}).flatMap(([name, text]) => [`Both examples are in a project with this \`${name}\`:`, '', '```', text.trimEnd(), '```', '']),
    '## Configure',
    '',
    `Change the severity or turn the rule off in \`.dockml.yaml\` (or in VS Code's Settings, \`${RULE_SETTING_PREFIX}${rule.id}\`):`,
    '',
    '```yaml',
    'rules:',
    `  ${rule.id}: off # or error, warning, info, hint`,
    '```',
    '',
    `Suppress it for one ${rule.kind === 'dockerfile' ? 'instruction' : 'line'} with \`# dockml-ignore ${rule.id}\` on the line above.`,
    ...otherSuppressions(rule),
    '',
  ].join('\n');
}

export function renderRuleIndex(rules: readonly Rule[]): string {
  const rows = [...rules]
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.id.localeCompare(b.id))
    .map((r) => `| [${r.id}](${r.id}.md) | ${LANGUAGE[r.kind].label} | ${r.severity} | ${fixColumn(r)} | ${aliasText(r)} | ${r.docs.summary.replace(/\|/g, '\\|')} |`);
  return [
    '# Rules',
    '',
    'Generated from the rule metadata by `npm run docs`; do not edit by hand.',
    '',
    'A *safe* fix leaves the image or stack doing exactly what it did, and `dockml fix` applies it; an *unsafe* fix ' +
      '(it changes the base image, the user, the installed packages, or deletes or creates something) is offered as a ' +
      'quick fix and applied in bulk only by `dockml fix --unsafe`.',
    '',
    '| rule | applies to | default severity | fix | also known as | catches |',
    '|---|---|---|---|---|---|',
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
          markdownDescription: `${LANGUAGE[r.kind].label}: ${r.docs.summary}${aliasText(r) ? ` (${aliasText(r)})` : ''}`,
        },
      ]),
  );
}

/** The prefix of the per-rule settings of the Settings UI: `dockml.rule.<id>`, read by the server as `rule[id]`. */
export const RULE_SETTING_PREFIX = 'dockml.rule.';

/** The title of the Settings UI section that holds the per-rule settings. */
export const RULES_SECTION = 'DockML: Rules';

/**
 * One setting per rule for the Settings UI, which lists and searches only top-level settings (never the properties
 * of an object setting such as `dockml.rules`): keyed by the rule id, described by its summary, `default` leaving
 * the rule as `dockml.rules`, `.dockml.yaml` and `dockml.dockerChecks` have it.
 */
export function ruleSettingsSchema(rules: readonly Rule[]): Record<string, unknown> {
  return Object.fromEntries(
    [...rules]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((r) => {
        const aliases = aliasText(r);
        const own = `The rule's own severity, \`${r.severity}\`${isDockerCheck(r) ? ' (off when `dockml.dockerChecks` is off)' : ''}, unless \`dockml.rules\` or \`.dockml.yaml\` set another.`;
        return [
          `${RULE_SETTING_PREFIX}${r.id}`,
          {
            type: 'string',
            enum: ['default', 'error', 'warning', 'info', 'hint', 'off'],
            markdownEnumDescriptions: [own, 'Report as an error.', 'Report as a warning.', 'Report as information.', 'Report as a hint (shown faintly, not in the Problems panel).', 'Do not run the rule.'],
            default: 'default',
            scope: 'resource',
            markdownDescription: `${LANGUAGE[r.kind].label} rule \`${r.id}\`: ${r.docs.summary}${aliases ? ` (${aliases})` : ''}`,
          },
        ];
      }),
  );
}
