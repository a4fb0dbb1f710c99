// The registry of rules: one line per rule. A test checks that every rule file is listed here and
// that every listed rule has a docs page and a table test.
import type { Rule } from './types';
import { rule as composeSyntax } from './compose/compose-syntax';
import { rule as obsoleteVersion } from './compose/obsolete-version';
import { rule as aptNoInstallRecommends } from './dockerfile/apt-no-install-recommends';

export const rules: readonly Rule[] = [
  aptNoInstallRecommends,
  composeSyntax,
  obsoleteVersion,
];

export const ruleIds: ReadonlySet<string> = new Set(rules.map((r) => r.id));

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.id === id);
}
