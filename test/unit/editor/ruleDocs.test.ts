// The rendered rule pages: their URIs name the rule and back, the links between pages stay pages, and the page is the
// installed documentation of that rule.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { installedRules, ruleDocsUri, rulePageOf, rulePageText } from '../../../server/src/editor/ruleDocs';
import { ruleIds } from '../../../server/src/rules';

const docsRoot = path.join(__dirname, '..', '..', '..', 'docs', 'rules');

describe('rule documentation pages', () => {
  it('turns a rule id into a dockml-rule: URI and back, relative links included', () => {
    const uri = new URL(ruleDocsUri('copy-all-before-install'));
    assert.equal(uri.protocol, 'dockml-rule:');
    assert.equal(rulePageOf(uri.pathname), 'copy-all-before-install');
    // A page's link to another rule page, as the Markdown preview resolves it.
    assert.equal(rulePageOf(new URL('model-weights-in-image.md', uri).pathname), 'model-weights-in-image');
    assert.equal(rulePageOf('/../../etc/passwd'), undefined);
  });

  it("serves the installed page of each rule, and a short page for what is not installed", () => {
    const text = rulePageText(docsRoot, '/copy-all-before-install.md');
    assert.equal(text, fs.readFileSync(path.join(docsRoot, 'copy-all-before-install.md'), 'utf8'));
    assert.match(text, /copy-all-before-install/);
    assert.match(rulePageText(docsRoot, '/roles.md'), /is not among the rule pages installed/);
  });

  it('lists every rule for the command palette', () => {
    const listed = installedRules(docsRoot);
    for (const id of ruleIds) assert.ok(listed.includes(id), `${id} has a page`);
    assert.ok(!listed.includes('README'));
  });
});
