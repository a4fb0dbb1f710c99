// The merge-aware YAML reading of compose/yaml.ts: entries and data follow aliases and `<<` merge keys as Compose
// does (own keys win, then earlier merge sources), each mapping is merged once, and what Compose cannot load
// (an alias bomb, an alias inside its own anchor, a merge of a scalar) gets no data and says why.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineCounter, parseDocument } from 'yaml';
import { mergeHeavyCompose } from '../../bench/corpus';
import { ComposeModel } from '../../server/src/compose/model';
import { fastParse } from '../../server/src/compose/fastYaml';
import { entries, fastData, MAX_MERGED_ENTRIES, mergeOverflow, survey, toData, valueAt } from '../../server/src/compose/yaml';

const parse = (text: string) => parseDocument(text, { merge: true, uniqueKeys: false, prettyErrors: false, lineCounter: new LineCounter(), logLevel: 'error' });

const SHAPES = [
  'x-a: &a {image: a, restart: always}\nx-b: &b {image: b, user: b}\nservices:\n  api:\n    <<: [*a, *b]\n    user: own\n',
  'x-a: &a\n  environment: {A: "1"}\n  image: a\nx-b: &b\n  <<: *a\n  image: b\nservices:\n  api:\n    image: own\n    <<: *b\n  web: *b\n',
  'x-list: &list [1, 2, {k: v}]\nservices:\n  api:\n    ports: *list\n    command: [a: 1, b]\n',
  'services:\n  api:\n    __proto__: x\n    toString: y\n',
  'x-a: &a {k: 1}\nx-b: &b {<<: [*a, *a, *a], j: 2}\nx-c: &c {<<: [*b, *b, *b, *a]}\nservices: {api: {<<: *c}}\n',
  'a: 1\na: 2\n',
  '',
  '- *a\n',
];

describe('compose yaml', () => {
  it('builds the same data as the yaml library', () => {
    for (const text of SHAPES) {
      const doc = parse(text);
      let expected: unknown;
      let expectedError: string | undefined;
      try {
        expected = doc.toJS({ maxAliasCount: -1 });
      } catch (error) {
        expectedError = (error as Error).message;
      }
      if (expectedError) assert.throws(() => toData(doc), { message: expectedError }, text);
      else assert.deepEqual(toData(doc), expected, text);
    }
  });

  it('finds in one walk the data, duplicate keys and sizes of a document the fast path built, as survey() and toData() do', () => {
    const texts = [
      'services:\n  api:\n    image: a\n    image: b\n    ports: ["80", 81]\n    x: {}\n',
      '.nan: 1\n.nan: 2\n1: a\n1.0: b\n0x1: c\n__proto__: d\n__proto__: e\n',
      `big:\n${Array.from({ length: 20 }, (_, i) => `  k${i % 15}: ${i}\n`).join('')}list:\n  - a: 1\n    a: 2\n  - x\n  -\n`,
      'x-a: &a\n  k: 1\nservices:\n  api:\n    k: 2\n    k: 3\n',
      'x-a: &a\n  k: 1\n  l: [1, 2]\nservices:\n  api:\n    <<: *a\n    k: 2\n  web:\n    <<: [*a]\n    m: *a\n',
      'x-a: &a\n  k: 1\nx-b: &b\n  <<: *a\n  j: [*a, *a]\nx-c: &c\n  <<: [*b, *a]\n  k: 3\nservices:\n  api:\n    <<: [*c, *b]\n    n: *c\n',
      'x-s: &s scalar\nx-l: &l\n  - *s\n  - b\nservices:\n  api:\n    image: *s\n    command: *l\n    x: [*s, *l]\n',
      mergeHeavyCompose(4000, 8),
      'x-a: &a\n  k: 1\nb: *nope\nc: *a\n',
      'x-a: &a 5\nservices:\n  api:\n    <<: *a\n    k: *nope\n',
      // Found by the fast path's fuzz properties: an anchored merge list an alias reaches later.
      '<<: &a []\nimage: *a\n',
      '<<: &a [*b]\nimage: *a\n',
    ];
    for (const text of texts) {
      const doc = fastParse(text)!;
      assert.ok(doc, text);
      const fast = fastData(doc);
      assert.ok(fast, text);
      let expected: unknown;
      let thrown: string | undefined;
      try {
        expected = toData(doc);
      } catch (error) {
        thrown = (error as Error).message;
      }
      assert.equal(fast.error?.message, thrown, text);
      if (!thrown) assert.deepEqual(fast.data, expected, text);
      const walked = survey(doc);
      assert.deepEqual([fast.survey.written, fast.survey.expanded, fast.survey.collectionKey], [walked.written, walked.expanded, walked.collectionKey], text);
      const keys = (list: { key: unknown; first: unknown; name: string }[]) => list.map((d) => [d.name, d.key, d.first]);
      assert.deepEqual(keys(fast.survey.duplicates).sort(), keys(walked.duplicates).sort(), text);
    }
    // Keys compare as a Map compares them: NaN repeats NaN, and 1.0 and 0x1 repeat 1.
    assert.deepEqual(fastData(fastParse(texts[1])!)!.survey.duplicates.map((d) => d.name), ['NaN', '1', '1', '__proto__']);
    // A document the yaml library parsed is left to the two walks, and so is a merge source written in place:
    // toData() reads only the values its mapping does not override (here the bad merge source inside it is never read).
    assert.equal(fastData(parse('a: 1\n')), undefined);
    const inPlace = 'image: ""\n<<:\n  <<: x\n';
    assert.equal(fastData(fastParse(inPlace)!), undefined);
    assert.deepEqual(new ComposeModel(inPlace).data, { image: '' });
  });

  it('refuses a merge of a scalar, with the yaml library\'s message', () => {
    const model = new ComposeModel('x-a: &a 5\nservices:\n  api:\n    <<: *a\n');
    assert.equal(model.data, undefined);
    assert.equal(model.dataError, 'Merge sources must be maps or map aliases');
  });

  it('refuses an alias inside the node it names', () => {
    const model = new ComposeModel('services: &s\n  api:\n    x-self: *s\n');
    assert.equal(model.data, undefined);
    assert.match(model.dataError ?? '', /contains it/);
  });

  it('counts the values aliases expand to', () => {
    const doc = parse('a: &a [1, 2, 3]\nb: [*a, *a]\n');
    // Written: root map, 2 pairs, 2 keys, the list and its 3 items, the second list = 10; expanded adds 2 × 4 - 0.
    const { written, expanded } = survey(doc);
    assert.deepEqual({ written, expanded }, { written: 10, expanded: 16 });
  });

  it('counts a mapping that merges others by the entries it holds, not by the sizes of its sources', () => {
    // The root, then x's pair (its key and a mapping of 2 pairs: 1 + 6) and y's pair: y holds b and the a it
    // inherits (1 + 1 + 2 × 2); the merge key and x's b that y overrides are not in the data.
    assert.equal(survey(parse('x: &x {a: 1, b: 2}\ny: {<<: *x, b: 3}\n')).expanded, 13);
  });

  it('loads merge keys over chained anchors, which Compose loads, instead of refusing them as an alias bomb', () => {
    // 200 anchors each merging the one before, and services merging four of them: counted by the sources' sizes,
    // the values expanded to hundreds of times those written, though the data holds about as many.
    const text = mergeHeavyCompose(200_000, 200);
    const model = new ComposeModel(text);
    assert.equal(model.dataError, undefined);
    assert.deepEqual(model.data, parse(text).toJS({ maxAliasCount: -1 }));
  });

  it('lists own keys, then merged keys in merge order, each once and marked merged', () => {
    const doc = parse(SHAPES[0]);
    const api = valueAt(doc, doc.contents, 'services', 'api');
    assert.deepEqual(
      entries(doc, api).map((e) => [e.name, e.merged, String((e.value as { value?: unknown }).value)]),
      [
        ['user', false, 'own'],
        ['image', true, 'a'],
        ['restart', true, 'always'],
      ],
    );
  });

  it('gives a mapping that merges itself nothing from that merge', () => {
    const doc = parse('x: &x\n  a: 1\n  <<: *x\n  y: &y\n    b: 2\n    <<: *x\n');
    assert.deepEqual(entries(doc, valueAt(doc, doc.contents, 'x')).map((e) => e.name), ['a', 'y']);
    // y merges x, which is being merged into itself: y takes x's own keys, y included.
    assert.deepEqual(entries(doc, valueAt(doc, doc.contents, 'x', 'y')).map((e) => e.name), ['b', 'a', 'y']);
  });

  it('merges a long chain of anchors without overflowing the stack', () => {
    const lines = ['x-0: &a0 {k0: 0}'];
    for (let i = 1; i < 20_000; i++) lines.push(`x-${i}: &a${i} {<<: *a${i - 1}}`);
    lines.push('services: {api: {<<: *a19999, image: x}}');
    const doc = parse(lines.join('\n'));
    const api = valueAt(doc, doc.contents, 'services', 'api');
    assert.deepEqual(entries(doc, api).map((e) => e.name), ['image', 'k0']);
  });

  it('stops merging past its budget and says so', () => {
    // 700 anchors of 2 keys, each merging the one before: 700 × 701 entries in all, more than the budget.
    const lines: string[] = [];
    for (let i = 0; i < 700; i++) lines.push(`x-${i}: &a${i} {p${i}: 1, q${i}: 2${i > 0 ? `, <<: *a${i - 1}` : ''}}`);
    const doc = parse(lines.join('\n'));
    assert.ok(700 * 701 > MAX_MERGED_ENTRIES);
    for (const pair of (doc.contents as { items: { value: unknown }[] }).items) entries(doc, pair.value);
    assert.equal(mergeOverflow(doc), true);
  });
});

describe('compose model', () => {
  it('names a duplicate key and the line of its first definition', () => {
    const model = new ComposeModel('services:\n  api:\n    image: a\n    ports: []\n    image: b\n');
    assert.deepEqual(model.syntaxErrors, [{ message: 'mapping key "image" already defined at line 3', range: { start: { line: 4, character: 4 }, end: { line: 4, character: 9 } } }]);
  });
});
