// The fast YAML path (server/src/compose/fastYaml.ts) against the yaml package's parseDocument: on every Compose
// file of the corpus and of the repository's fixtures, on the benchmark's large shapes and on hand-written edge
// cases, it either leaves the text to the library or builds a Document no reader can tell apart.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { composeShapes } from '../../bench/corpus';
import { ComposeModel } from '../../server/src/compose/model';
import { fastParse } from '../../server/src/compose/fastYaml';
import { compareWithLibrary } from './yamlDiff';

const ROOT = path.join(__dirname, '..', '..');
const CORPUS = path.join(ROOT, '..', 'shared', 'corpus');

function composeFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(full);
      else if (entry.isFile() && /\.ya?ml$/.test(entry.name) && /compose/.test(entry.name)) found.push(full);
    }
  };
  walk(dir);
  return found.sort();
}

describe('fast YAML path', () => {
  /** Compares each file as written and with its whole-line comments removed (comments send a file to the library). */
  function compareFiles(files: string[]): number {
    let fast = 0;
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      compareWithLibrary(text, file);
      const uncommented = text.replace(/^ *#.*\n/gm, '');
      if (compareWithLibrary(uncommented, `${file} without its comment lines`) === 'fast') fast++;
    }
    return fast;
  }

  it('matches parseDocument on every Compose fixture of the repository', () => {
    const files = composeFiles(path.join(ROOT, 'test', 'fixtures'));
    assert.ok(files.length > 0);
    assert.ok(compareFiles(files) > 0, 'no fixture took the fast path');
  });

  it('matches parseDocument on every Compose file of the corpus', { skip: !fs.existsSync(CORPUS) && 'no ../shared/corpus' }, () => {
    const files = composeFiles(CORPUS);
    assert.ok(files.length > 0);
    const fast = compareFiles(files);
    assert.ok(fast >= files.length / 3, `only ${fast} of ${files.length} corpus files took the fast path`);
  });

  it('matches parseDocument on the benchmark shapes, and takes the fast path on those inside the subset', () => {
    for (const { name, text } of composeShapes(100_000)) {
      const outcome = compareWithLibrary(text, name);
      // Several documents (`---`) are outside the subset.
      assert.equal(outcome, /documents/.test(name) ? 'bailed' : 'fast', name);
    }
  });

  it('matches parseDocument on the edge cases of blank lines, comment lines, empty values and scalar styles', () => {
    const cases = [
      'a:\n  b:\n',
      'a:\n\n\n',
      'a:\n  b:\n\nc: 1\n',
      'a:\n  b:\n\n  c: 1\n',
      'v:\n  a:\n  b:\n  \n  \n    ',
      'a:\n  -\n\n  - x\n',
      'a:\n  - 1\n  -\n\nb: 1',
      'a:\n- p\n\n- q\nc: 1\n\n',
      'a:\n\n  b: 1\n\n  c: 2\n\nd: 1\n',
      'a:\n  - k: 1\n    j: 2\n\n  - k: 3\n  -   \n  - [a,b]\n  - []\nb:   \nc: "x\\ty" \n',
      'a: -1\nb: 0x1F\nc: 1.50\nd: ~\ne: .inf\nf: 1e3\ng: 010\nh: 0o17\ni: .NaN\nj: 1_000\n',
      "a: 'it''s'\nb: \"\\\"q\\\" \\\\ \\/ \\0 \\e \\N \\_ \\L \\P\"\n\"k\": 1\n'l': 2\n",
      'ports: ["80:80", \'443\', 8080]\nnetworks: {}\n',
      'a: http://x:1/y\nb: a#b\nc: --flag\nd: -x\ne: a[0]\nf: é 中 😀\n',
      'a: 1',
      '- a\n- b: 1\n  c: 2\n',
      'a: 1\n# c1\n#c2\nb: 2\n',
      'a: 1\n\n# c1\n\nb: 2\n',
      'a:\n  x: 1\n# c\n  y: 2\n',
      'a:\n  - 1\n  #\n\n  # c\n  - 2\n',
      'a: 1 # comment\nb: "x" #\nc: [a] # c\nd: {} #d\ne:\n- x # e\n',
      'a:\n  # before a first entry\n  b: 1\nc:\n\n# before a sequence at its key\'s column\n\n- 1 # last\n',
      'a:\n  b:\n    - 1\n# after a collection, at the next key\'s column\n\nc: 2\n',
      '# a header\n\n# joined to the document\n\na: 1\n',
      '\n# a header joined\n#\n\n# to the first key\na: 1\n',
      '\n\n- a\n',
    ];
    for (const text of cases) assert.equal(compareWithLibrary(text), 'fast', JSON.stringify(text));
  });

  it('matches parseDocument on anchors, aliases and merge keys', () => {
    const cases = [
      'a: &x 1\nb: *x\n',
      'a: &x v\nb: *x # c\nc: [*x, *x]\n',
      'a: &x "q"\nb:\n  - *x\n  - *x\n',
      'a: &x\n- 1\nb: *x',
      'a: &x\n  - 1\nb: [*x, y, "z"]\n',
      'a: &x.y-1_z [p, q]\nb: *x.y-1_z\n',
      'a: &x {}\nb: *x\n',
      'x-base: &base\n  restart: always\n  environment:\n    A: "1"\nservices:\n  api:\n    <<: *base\n    image: redis\n',
      'x-a: &a\n  p: 1\nx-b: &b\n  <<: *a\n  q: 2\ns:\n  t:\n    <<: [*b, *a]\n    q: 3\n  u:\n\n    # c\n    <<: *a\n',
      '- &x\n  a: 1\n- <<: *x\n  b: 2\n'.replace('- &x\n  a: 1\n', 'r: &x\n  a: 1\nl:\n'),
      'a: *missing\n',
      'a: &x 1\nb: *x\nc: &x 2\nd: [*x]\n',
      'a: &x\n  b: &y 1\n  c: *y\nd: *x\n',
      'a:\n  <<: 1\n',
    ];
    for (const text of cases) assert.equal(compareWithLibrary(text), 'fast', JSON.stringify(text));
  });

  it('leaves everything outside the subset to the yaml package', () => {
    const outside = [
      'a: 1#not a comment: so a nested mapping\n',
      'a: # after a key\n  b: 1\n',
      '- # after a dash\n  b: 1\n',
      'a:\n  b: 1\n  # after a collection\nc: 1\n',
      'a: 1\n    # deeper than the next key\nb: 2\n',
      'a:\n# after an empty value\nb: 1\n',
      'a: 1\n# at the end\n',
      'a:\n  b:\n  - x\n  # in the column of a sequence at its key\'s column\n  c: 1\n',
      '# only comments\n\n',
      'a:\n  <<: {b: 1}\n',
      'a: &x # comment\n  b: 1\n',
      'a: &x\n  b: *x\n',
      'a: &x [*x]\n',
      'a: &x\n  b: &x 1\n',
      'a: &x\nb: 1\n',
      'a: &x *y\n',
      'a: &\n  b: 1\n',
      'a: &x:y\n  b: 1\n',
      'a: *x:y\n',
      'a: [*x:y]\n',
      'a: [*x ]\n',
      'a: *x y\n',
      '- &x a\n',
      '&x a: 1\n',
      '*x : 1\n',
      'a: |\n  text\n',
      'a: >-\n  text\n',
      'a: !!str 1\n',
      '%YAML 1.2\n---\na: 1\n',
      '---\na: 1\n',
      'a: 1\n...\n',
      'a:\n\tb: 1\n',
      'a: 1\r\nb: 2\r\n',
      '? a\n: 1\n',
      'a: b\n  c\n',
      'a: "b\n  c"\n',
      'a: b: c\n',
      'a: {b: 1}\n',
      'a: [b, [c]]\n',
      'a: [ b ]\n',
      'a: "\\x41"\n',
      'a:\n  -\n    b: 1\n',
      'a:\n  - - b\n',
      'a: 1\n b: 2\n',
      '- a\nb: 1\n',
      'just a scalar\n',
      '\ufeffa: 1\n',
      '',
    ];
    for (const text of outside) {
      assert.equal(fastParse(text), undefined, JSON.stringify(text));
      assert.equal(compareWithLibrary(text), 'bailed');
    }
  });

  it('gives the Compose model the same findings either way', () => {
    // A duplicate key and an empty service are read from the nodes the fast path builds.
    const text = 'services:\n  api:\n    image: redis:7\n    image: redis:8\n  worker:\n';
    assert.ok(fastParse(text));
    const model = new ComposeModel(text);
    assert.deepEqual(
      model.syntaxErrors.map((e) => e.message),
      ['mapping key "image" already defined at line 3'],
    );
    assert.deepEqual(model.services.map((s) => [s.name, s.keyRange.start.line]), [['api', 1], ['worker', 4]]);
    assert.deepEqual(model.data, { services: { api: { image: 'redis:8' }, worker: null } });
  });
});
