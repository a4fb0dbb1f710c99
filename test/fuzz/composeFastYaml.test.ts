// Differential property of the fast YAML path (server/src/compose/fastYaml.ts): generated documents of the subset
// it handles, and the same documents with edits that take them just outside it, must give the Document the yaml
// package's parseDocument gives, or be left to parseDocument.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compareWithLibrary } from '../unit/yamlDiff';
import { budget, corpusDocs, runFor } from './harness';

/** A mapping's pair: its key, its value, and the anchor written before the value (`key: &a value`), if any. */
type PairTree = [string, Tree, string | null];
type Tree = { kind: 'scalar'; text: string } | { kind: 'map'; pairs: PairTree[] } | { kind: 'seq'; items: Tree[] } | { kind: 'flow'; items: string[] } | { kind: 'flow-map' };

/** Plain texts inside the subset: the core schema's numbers, nulls and booleans, colons and hashes it allows. */
const SAFE_PLAIN = fc.constantFrom(
  ...['x', 'svc1', '8080', '127.0.0.1:80:80', '0x1F', '0o17', '0b1', '1e3', '1.50', '.5', '+1', '-1', '1_000', '.inf', '-.Inf', '.NaN', 'null', 'Null', '~'],
  ...['true', 'False', 'yes', 'on', '2001-12-14', 'a b', 'a:b', 'a#b', 'a,b', 'a]', 'a[0]', '{a}', '--flag', '-x', 'é', '中', '😀', 'http://x:1/y', 'a\u00a0b', 'a\\b', "it's", 'say "hi"'],
);
/** Plain texts at the subset's edges, most of which send the document to the library. */
const RISKY_PLAIN = fc.constantFrom('a: b', 'a #b', 'x:', '-', '- x', '?x', ':x', '&a', '*a', '!t', '|', '>', '%x', '@x', '`x', '<<', '---', '...');
const DOUBLE_QUOTED_PART = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('a', ' ', 'b c', '\\n', '\\"', '\\\\', '\\t', '\\/', '\\ ', "'", '#', ': ', 'é', '😀') },
  { weight: 1, arbitrary: fc.constantFrom('\\x41', '\\u00e9', '\\U0001F600', '\\q') },
);
const SINGLE_QUOTED_PART = fc.constantFrom('a', ' ', "''", '"', '\\', '#', ': ', ' #', 'é', '- ');

const scalarText: fc.Arbitrary<string> = fc.oneof(
  { weight: 24, arbitrary: SAFE_PLAIN },
  { weight: 1, arbitrary: RISKY_PLAIN },
  { weight: 4, arbitrary: fc.array(DOUBLE_QUOTED_PART, { maxLength: 4 }).map((parts) => `"${parts.join('')}"`) },
  { weight: 4, arbitrary: fc.array(SINGLE_QUOTED_PART, { maxLength: 4 }).map((parts) => `'${parts.join('')}'`) },
  { weight: 2, arbitrary: fc.constant('') },
  // Aliases of the anchors pairs may set (or of none, or an odd name), and merge keys' values.
  { weight: 2, arbitrary: fc.constantFrom('*a', '*b', '*c', '*a.b-1', '[*a, *b]', '[*b]') },
);
const keyText = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('image', 'ports', 'a', 'b', 'x y', 'a.b', '8080', 'true', 'null', '~', 'é', '<<') }, { weight: 1, arbitrary: scalarText.filter((s) => s !== '') });
const anchorName = fc.option(fc.constantFrom('a', 'b', 'a.b-1'), { freq: 3 });

const { tree } = fc.letrec<{ tree: Tree }>((self) => ({
  tree: fc.oneof(
    { depthSize: 'medium', withCrossShrink: true },
    scalarText.map((text): Tree => ({ kind: 'scalar', text })),
    fc.array(fc.tuple(keyText, self('tree'), anchorName), { minLength: 1, maxLength: 4 }).map((pairs): Tree => ({ kind: 'map', pairs })),
    fc.array(self('tree'), { minLength: 1, maxLength: 4 }).map((items): Tree => ({ kind: 'seq', items })),
    fc.array(scalarText.filter((s) => s !== ''), { maxLength: 3 }).map((items): Tree => ({ kind: 'flow', items })),
    fc.constant<Tree>({ kind: 'flow-map' }),
  ),
}));

/** A document's root: a mapping or a sequence of several entries, so documents have many lines. */
const root: fc.Arbitrary<Tree> = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.tuple(keyText, tree, anchorName), { minLength: 2, maxLength: 8 }).map((pairs): Tree => ({ kind: 'map', pairs })) },
  { weight: 1, arbitrary: fc.array(tree, { minLength: 2, maxLength: 8 }).map((items): Tree => ({ kind: 'seq', items })) },
);

interface Style {
  step: number;
  /** Sequences under a key at the key's own column (`ports:\n- 80`). */
  sameColumn: boolean;
  /** Per line: 0 as is, 1 a blank line before it, 2 trailing spaces, 3 a line of spaces before it, 4 to 99 comment lines before it, 100 and more a comment after it. */
  decor: number[];
  finalNewline: boolean;
}

function inlineOf(tree: Tree): string | undefined {
  if (tree.kind === 'scalar') return tree.text;
  if (tree.kind === 'flow') return `[${tree.items.join(', ')}]`;
  if (tree.kind === 'flow-map') return '{}';
  return undefined;
}

function render(tree: Tree, indent: number, style: Style, lines: string[]): void {
  const pad = ' '.repeat(indent);
  if (tree.kind === 'map') {
    for (const [key, value, anchor] of tree.pairs) {
      const inline = inlineOf(value);
      const props = anchor === null ? '' : ` &${anchor}`;
      if (inline !== undefined) {
        lines.push(inline === '' ? `${pad}${key}:${props}` : `${pad}${key}:${props} ${inline}`);
      } else {
        lines.push(`${pad}${key}:${props}`);
        render(value, value.kind === 'seq' && style.sameColumn ? indent : indent + style.step, style, lines);
      }
    }
  } else if (tree.kind === 'seq') {
    for (const item of tree.items) {
      const inline = inlineOf(item);
      if (inline !== undefined) {
        lines.push(inline === '' ? `${pad}-` : `${pad}- ${inline}`);
      } else {
        // A mapping starts on the item's line (`- key: value`); a sequence under an item is outside the subset.
        const nested: string[] = [];
        render(item, indent + 2, style, nested);
        nested[0] = `${pad}- ${nested[0].slice(indent + 2)}`;
        lines.push(...nested);
      }
    }
  } else {
    lines.push(`${pad}${inlineOf(tree)}`);
  }
}

function documentOf(tree: Tree, style: Style): string {
  const lines: string[] = [];
  render(tree.kind === 'map' || tree.kind === 'seq' ? tree : { kind: 'map', pairs: [['services', tree, null]] }, 0, style, lines);
  const decorated = lines.map((line, i) => {
    const decor = style.decor.length > 0 ? style.decor[i % style.decor.length] : 0;
    if (decor >= 100) return `${line}${LINE_END_COMMENTS[decor - 100]}`;
    if (decor >= 4) return `${COMMENTS[decor - 4]}${line}`;
    return decor === 1 ? `\n${line}` : decor === 2 ? `${line}  ` : decor === 3 ? `   \n${line}` : line;
  });
  return decorated.join('\n') + (style.finalNewline ? '\n' : '');
}

/** Comment lines put before a line: indented or not, empty, with blank lines around and between them. */
const COMMENTS = ['# c\n', '    # c  \n', '#\n', '#c\n#  d\n', '\n# c\n', '# c\n\n', '# a\n\n  # b\n \n', '      #x#y\n'];

/** Comments put at the end of a line. */
const LINE_END_COMMENTS = [' # c', '  #', ' #x: y  ', '#no-space', ' # a # b'];

const style: fc.Arbitrary<Style> = fc.record({
  step: fc.integer({ min: 1, max: 4 }),
  sameColumn: fc.boolean(),
  decor: fc.array(fc.oneof({ weight: 12, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.constantFrom(1, 2, 3) }, { weight: 2, arbitrary: fc.constantFrom(...COMMENTS.map((_, i) => 4 + i)) }, { weight: 2, arbitrary: fc.constantFrom(...LINE_END_COMMENTS.map((_, i) => 100 + i)) }), { maxLength: 9 }),
  finalNewline: fc.boolean(),
});

/** Edits that take a document just outside the subset (or keep it inside), to exercise every bail-out. */
const NEAR = ['#', ' # c', '&a ', '*a', '!!str ', '|', '>-', '\t', '\r', '\r\n', '---\n', '...\n', '? ', ': ', '- ', '[', '{', ']', '"', "'", '\\', '%', '\n', ' ', '  ', 'x:', '<<: ', ',', '\ufeff', '\u0085'];
const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), insert: fc.constantFrom(...NEAR), remove: fc.integer({ min: 0, max: 3 }) });

const corpusCompose = corpusDocs().filter((doc) => doc.kind === 'compose');

describe('fast YAML path against the yaml package', () => {
  it('generated documents of the subset', { timeout: 120_000 }, () => {
    let fast = 0;
    const runs = runFor('fast-yaml-subset', budget(4000), fc.tuple(root, style), ([t, s]) => {
      if (compareWithLibrary(documentOf(t, s)) === 'fast') fast++;
    });
    // The generator must mostly stay inside the subset, or the property would compare nothing.
    console.log(`# fast ${fast} of ${runs}`);
    assert.ok(fast > runs / 20, `only ${fast} of ${runs} generated documents took the fast path`);
  });

  it('generated documents with edits near the subset', { timeout: 120_000 }, () => {
    runFor('fast-yaml-near', budget(4000), fc.tuple(root, style, fc.array(edit, { minLength: 1, maxLength: 3 })), ([t, s, edits]) => {
      let text = documentOf(t, s);
      for (const { at, insert, remove } of edits) {
        const i = Math.floor(at * text.length);
        text = text.slice(0, i) + insert + text.slice(i + remove);
      }
      compareWithLibrary(text);
    });
  });

  it('corpus Compose files with edits', { timeout: 120_000, skip: corpusCompose.length === 0 && 'no ../shared/corpus' }, () => {
    const edited = fc.record({ index: fc.nat(corpusCompose.length - 1), edits: fc.array(edit, { minLength: 1, maxLength: 3 }) });
    runFor('fast-yaml-corpus', budget(4000), edited, ({ index, edits }) => {
      let text = corpusCompose[index].text;
      for (const { at, insert, remove } of edits) {
        const i = Math.floor(at * text.length);
        text = text.slice(0, i) + insert + text.slice(i + remove);
      }
      compareWithLibrary(text, corpusCompose[index].file);
    });
  });
});
