// Writes docs/rules/<id>.md for every rule, docs/rules/README.md, and in package.json the per-rule schema of the
// `dockml.rules` setting and the "DockML: Rules" section of per-rule settings, from the rule metadata.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rules } from '../server/src/rules';
import { renderRuleDoc, renderRuleIndex, ruleSettingsSchema, RULES_SECTION, rulesSettingSchema } from '../server/src/rules/docs';

const folder = path.join(__dirname, '..', 'docs', 'rules');
fs.mkdirSync(folder, { recursive: true });
const expected = new Set(['README.md']);
for (const rule of rules) {
  fs.writeFileSync(path.join(folder, `${rule.id}.md`), renderRuleDoc(rule));
  expected.add(`${rule.id}.md`);
}
fs.writeFileSync(path.join(folder, 'README.md'), renderRuleIndex(rules));
for (const file of fs.readdirSync(folder)) {
  if (!expected.has(file)) console.warn(`docs/rules/${file} belongs to no rule; remove it if the rule was deleted.`);
}
console.log(`Wrote ${rules.length} rule pages to docs/rules/.`);

const manifestPath = path.join(__dirname, '..', 'package.json');
const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
const sections: { title: string; order?: number; properties: Record<string, unknown> }[] = manifest.contributes.configuration;
const general = sections.find((s) => 'dockml.rules' in s.properties)!;
(general.properties['dockml.rules'] as { properties: unknown }).properties = rulesSettingSchema(rules);
const rulesSection = { title: RULES_SECTION, order: 1, properties: ruleSettingsSchema(rules) };
const at = sections.findIndex((s) => s.title === RULES_SECTION);
if (at >= 0) sections[at] = rulesSection;
else sections.push(rulesSection);
fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
console.log('Updated the dockml.rules setting schema and the per-rule settings in package.json.');
