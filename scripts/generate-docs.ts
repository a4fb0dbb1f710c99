// Writes docs/rules/<id>.md for every rule and docs/rules/README.md, from the rule metadata.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rules } from '../server/src/rules';
import { renderRuleDoc, renderRuleIndex } from '../server/src/rules/docs';

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
