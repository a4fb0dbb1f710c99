// The validity rules report what `docker build` refuses, so on the corpus of real projects (../shared/corpus, whose
// Dockerfiles build) they must stay silent. Skips when the corpus is absent.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../../server/src/analysis/diagnostics';
import { DiskFileHost, kindOfPath } from '../../../server/src/analysis/documents';
import { rules } from '../../../server/src/rules';

const CORPUS = path.join(__dirname, '..', '..', '..', '..', 'shared', 'corpus');
const VALIDITY = new Set(['unknown-instruction', 'unknown-flag', 'missing-arguments', 'malformed-json-form', 'invalid-expose', 'instruction-before-from', 'invalid-parser-directive', 'invalid-heredoc']);

test('no validity error on the Dockerfiles of the corpus', { skip: !fs.existsSync(CORPUS) && 'no ../shared/corpus here' }, () => {
  const validity = rules.filter((r) => VALIDITY.has(r.id));
  assert.equal(validity.length, VALIDITY.size, 'every validity rule is registered');
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (kindOfPath(entry.name) === 'dockerfile') files.push(full);
    }
  };
  walk(CORPUS);
  assert.ok(files.length > 50, `the corpus has Dockerfiles (${files.length})`);
  const errors: string[] = [];
  for (const file of files) {
    const { findings } = analyze({ kind: 'dockerfile', text: fs.readFileSync(file, 'utf8'), path: file, files: new DiskFileHost(), rules: validity, severity: (r) => r.severity });
    for (const f of findings) errors.push(`${path.relative(CORPUS, file)}:${f.range.start.line + 1} ${f.rule}: ${f.message}`);
  }
  assert.deepEqual(errors, []);
});
