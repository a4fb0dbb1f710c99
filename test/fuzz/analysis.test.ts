// Property-based fuzzing of the analysis (fast-check), each property within a fixed time budget: random edits of
// real corpus files, random bytes, random soups of Dockerfile and YAML tokens, deep YAML nesting, alias bombs, and
// the worst shapes found so far: merge-key-heavy Compose files, long heredocs and RUNs of thousands of commands.
// Whatever the input, analysis never throws, finishes in bounded time, reports ranges inside the document, and its
// fixes keep the text parseable and are idempotent (see harness.ts). A failure prints its seed and a line to add to
// regressions.json, whose cases are replayed first on every run.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { DocumentKind, Finding } from '../../server/src/analysis/diagnostics';
import { buildEngine } from '../../bench/build';
import { composeShapes, mergeHeavyCompose } from '../../bench/corpus';
import { budget, checkFixes, CorpusDoc, corpusDocs, KnownIssue, lintChecked, runFor, setKnownIssues, withinLinearBound } from './harness';

const docs = corpusDocs();
const noCorpus = docs.length === 0 && 'no ../shared/corpus here';
const other = (kind: DocumentKind): DocumentKind => (kind === 'dockerfile' ? 'compose' : 'dockerfile');

/** Lines worth inserting: the constructs the rules look at, half-written ones included. */
const FRAGMENTS = [
  'FROM nvidia/cuda:12.1.0-devel-ubuntu22.04 AS build',
  'FROM python:3.11-slim',
  'FROM build',
  'FROM ${BASE:-ubuntu}',
  'ARG BASE=ubuntu:22.04',
  'RUN apt-get update && apt-get install -y curl',
  'RUN pip install torch==2.3.1 --index-url https://download.pytorch.org/whl/cu121',
  'RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt',
  'RUN <<EOF',
  'EOF',
  'COPY --from=build /app /app',
  'COPY . .',
  'USER root',
  'USER 1000',
  'CMD python app.py',
  'ENTRYPOINT ["python", "-m", "app"]',
  'HEALTHCHECK CMD curl -f http://localhost/ || exit 1',
  'ENV SECRET_KEY=abc',
  '# dockml-ignore apt-no-install-recommends',
  '# escape=`',
  '\\',
  'services:',
  '  api:',
  '    image: pytorch/pytorch:latest',
  '    build: .',
  '    build:',
  '      context: ./api',
  '      target: runtime',
  '    deploy:',
  '      resources:',
  '        reservations:',
  '          devices:',
  '            - driver: nvidia',
  '              count: all',
  '              capabilities: [gpu]',
  '    depends_on: [db]',
  '    networks: [backend]',
  '    volumes: ["data:/data"]',
  '    <<: *defaults',
  'x-defaults: &defaults',
  '  restart: always',
  'volumes:',
  '  data: {}',
  'networks:',
  '  backend:',
  'version: "3.8"',
  '- a',
  '? complex',
  '{[',
];

/** Characters worth inserting: what the parsers and the rules treat specially, and some that are rare. */
const CHARS = fc.constantFrom(...' \t\n\r\\`#&|;()[]{}<>=:-"\'$*!%@,./0aZ~\u00e9\u4e2d\ud83d\ude00\u0000\ufeff'.split(''));

type Edit =
  | { op: 'deleteChars'; at: number; length: number }
  | { op: 'insertChars'; at: number; text: string }
  | { op: 'duplicateChars'; at: number; length: number }
  | { op: 'swapChars'; at: number; to: number }
  | { op: 'deleteLine'; at: number }
  | { op: 'duplicateLine'; at: number }
  | { op: 'swapLines'; at: number; to: number }
  | { op: 'insertLine'; at: number; text: string }
  | { op: 'truncate'; at: number };

const position = fc.double({ min: 0, max: 1, noNaN: true });
const editArbitrary: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('deleteChars' as const), at: position, length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('insertChars' as const), at: position, text: fc.array(CHARS, { minLength: 1, maxLength: 6 }).map((a) => a.join('')) }),
  fc.record({ op: fc.constant('duplicateChars' as const), at: position, length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ op: fc.constant('swapChars' as const), at: position, to: position }),
  fc.record({ op: fc.constant('deleteLine' as const), at: position }),
  fc.record({ op: fc.constant('duplicateLine' as const), at: position }),
  fc.record({ op: fc.constant('swapLines' as const), at: position, to: position }),
  fc.record({ op: fc.constant('insertLine' as const), at: position, text: fc.constantFrom(...FRAGMENTS) }),
  fc.record({ op: fc.constant('truncate' as const), at: position }),
);

function applyEdit(text: string, edit: Edit): string {
  const at = Math.floor(edit.at * text.length);
  const lines = text.split('\n');
  const line = Math.min(lines.length - 1, Math.floor(edit.at * lines.length));
  switch (edit.op) {
    case 'deleteChars':
      return text.slice(0, at) + text.slice(at + edit.length);
    case 'insertChars':
      return text.slice(0, at) + edit.text + text.slice(at);
    case 'duplicateChars':
      return text.slice(0, at + edit.length) + text.slice(at, at + edit.length) + text.slice(at + edit.length);
    case 'swapChars': {
      const to = Math.floor(edit.to * text.length);
      if (at >= text.length || to >= text.length) return text;
      const chars = [...text.slice(0, Math.max(at, to) + 1)];
      const [a, b] = [Math.min(at, to, chars.length - 1), Math.min(Math.max(at, to), chars.length - 1)];
      [chars[a], chars[b]] = [chars[b], chars[a]];
      return chars.join('') + text.slice(Math.max(at, to) + 1);
    }
    case 'deleteLine':
      return [...lines.slice(0, line), ...lines.slice(line + 1)].join('\n');
    case 'duplicateLine':
      return [...lines.slice(0, line + 1), ...lines.slice(line)].join('\n');
    case 'swapLines': {
      const to = Math.min(lines.length - 1, Math.floor(edit.to * lines.length));
      [lines[line], lines[to]] = [lines[to], lines[line]];
      return lines.join('\n');
    }
    case 'insertLine':
      return [...lines.slice(0, line), edit.text, ...lines.slice(line)].join('\n');
    case 'truncate':
      return text.slice(0, at);
  }
}

/** A corpus file with a few random edits, as a document is while it is being written. */
const editedDoc: fc.Arbitrary<CorpusDoc & { edits: Edit[] }> = fc
  .record({ index: fc.nat(Math.max(0, docs.length - 1)), edits: fc.array(editArbitrary, { minLength: 1, maxLength: 6 }) })
  .map(({ index, edits }) => {
    const doc = docs[index];
    return { ...doc, edits, text: edits.reduce(applyEdit, doc.text) };
  });

/** Token soups: lines of fragments and characters in random order, read as either kind. */
const soup = fc.array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.array(CHARS, { maxLength: 8 }).map((a) => a.join(''))), { maxLength: 40 }).map((parts) => parts.join('\n'));

/**
 * A case found by fuzzing, replayed on every run. With `todo` (and `rule` and `check`), it is a bug not fixed
 * yet: replayed as a todo test, and the random properties count its other counterexamples instead of failing.
 */
interface Regression {
  property: string;
  kind: DocumentKind;
  text: string;
  file?: string;
  note: string;
  todo?: string;
  rule?: string;
  check?: string;
}

const REGRESSIONS = JSON.parse(fs.readFileSync(path.join(__dirname, 'regressions.json'), 'utf8')) as Regression[];
setKnownIssues(REGRESSIONS.filter((r): r is Regression & KnownIssue => !!(r.todo && r.rule && r.check)));

describe('fuzz: analysis', () => {
  for (const [index, c] of REGRESSIONS.entries()) {
    it(`regression ${index + 1} (${c.property}): ${c.note}`, { todo: c.todo }, () => {
      const file = c.file ?? (c.kind === 'compose' ? '/nowhere/compose.yaml' : '/nowhere/Dockerfile');
      lintChecked(c.kind, c.text, file);
      checkFixes(c.kind, c.text, file);
    });
  }

  it('random edits of corpus files: no throw, bounded time, ranges inside', { skip: noCorpus, timeout: 120_000 }, () => {
    runFor('corpus-edits', budget(8000), editedDoc, (doc) => {
      lintChecked(doc.kind, doc.text, doc.file);
      // The same text as the other kind: a Dockerfile read as YAML, a Compose file read as a Dockerfile.
      lintChecked(other(doc.kind), doc.text, doc.file);
    });
  });

  it('random edits of corpus files: fixes keep the text parseable and are idempotent', { skip: noCorpus, timeout: 120_000 }, () => {
    runFor('corpus-edit-fixes', budget(8000), editedDoc, (doc) => checkFixes(doc.kind, doc.text, doc.file));
  });

  it('random bytes, as either kind', { timeout: 60_000 }, () => {
    const bytes = fc.uint8Array({ maxLength: 2048 }).chain((b) => fc.constantFrom(Buffer.from(b).toString('utf8'), Buffer.from(b).toString('latin1')));
    runFor('random-bytes', budget(3000), bytes, (text) => {
      lintChecked('dockerfile', text, '/nowhere/Dockerfile');
      lintChecked('compose', text, '/nowhere/compose.yaml');
    });
  });

  it('token soups, as either kind, with their fixes', { timeout: 60_000 }, () => {
    runFor('token-soup', budget(4000), soup, (text) => {
      for (const kind of ['dockerfile', 'compose'] as const) {
        const file = kind === 'compose' ? '/nowhere/compose.yaml' : '/nowhere/Dockerfile';
        lintChecked(kind, text, file);
        checkFixes(kind, text, file);
      }
    });
  });

  it('deep YAML nesting, flow and block', { timeout: 60_000 }, () => {
    const nesting = fc.record({ depth: fc.integer({ min: 1, max: 3000 }), style: fc.constantFrom('flow-seq', 'flow-map', 'block-map', 'block-seq', 'unclosed'), under: fc.constantFrom('', 'services:\n  api:\n    x-deep: ') });
    runFor('yaml-nesting', budget(3000), nesting, ({ depth, style, under }) => {
      let body: string;
      if (style === 'flow-seq') body = '['.repeat(depth) + ']'.repeat(depth);
      else if (style === 'flow-map') body = '{a: '.repeat(depth) + '1' + '}'.repeat(depth);
      else if (style === 'unclosed') body = '[{'.repeat(depth);
      else if (style === 'block-map') body = '\n' + Array.from({ length: Math.min(depth, 800) }, (_, i) => `${' '.repeat(i + 6)}k${i}:`).join('\n') + ' 1';
      else body = '\n' + Array.from({ length: Math.min(depth, 800) }, (_, i) => `${' '.repeat(i * 2 + 6)}-`).join('\n') + ' 1';
      lintChecked('compose', `${under}${body}\n`, '/nowhere/compose.yaml');
    }, 200);
  });

  it('merge-key files of realistic shapes: analysis time proportional to size', { timeout: 60_000 }, () => {
    const shape = fc.record({ kilobytes: fc.integer({ min: 1, max: 60 }), anchors: fc.integer({ min: 1, max: 120 }), perService: fc.integer({ min: 1, max: 6 }) });
    runFor('merge-keys', budget(4000), shape, ({ kilobytes, anchors, perService }) => {
      const text = mergeHeavyCompose(kilobytes * 1000, anchors, perService);
      withinLinearBound(text, () => lintChecked('compose', text, '/nowhere/compose.yaml'));
    }, 30);
  });

  it('Compose files of every shape: processor time grows in proportion to the size', { timeout: 120_000 }, () => {
    // Processor time of this process, not wall-clock time, and the ratio of two sizes rather than a bound in
    // milliseconds: a busy machine slows both sizes alike. Sixteen times the size may cost at most three times
    // sixteen (a fixed cost makes the small file relatively dearer); a cost in the square of the size costs 256. The
    // small file counts as 2 ms at least, so that a garbage collection in a large run of a fast shape is no failure.
    const small = composeShapes(12_500);
    const large = composeShapes(200_000);
    const cpu = (text: string) => {
      const before = process.cpuUsage();
      lintChecked('compose', text, '/nowhere/compose.yaml');
      const used = process.cpuUsage(before);
      return (used.user + used.system) / 1000;
    };
    for (let i = 0; i < small.length; i++) {
      const times = { small: Infinity, large: Infinity };
      for (let round = 0; round < 3; round++) {
        times.small = Math.min(times.small, cpu(small[i].text));
        times.large = Math.min(times.large, cpu(large[i].text));
      }
      const ratio = times.large / Math.max(times.small, 2);
      assert.ok(ratio < 48, `${small[i].name}: ${times.small.toFixed(1)} ms for ${small[i].text.length} characters, ${times.large.toFixed(1)} ms for ${large[i].text.length} (${ratio.toFixed(1)}×)`);
    }
  });

  it('Compose files of every shape at 1 MB: the whole analysis costs less than the yaml library\'s parse alone', { timeout: 120_000 }, async () => {
    // Issue 15 asks for 100 ms per 1 MB file on a quiet machine, which a shared one cannot check; the yaml library's
    // parse of the same text, timed alongside, is the yardstick instead. The engine is bundled as it ships
    // (bench/build.ts), since bundling changes what imports cost. The fastest of five rounds of each; on a busy
    // machine merge keys over chained anchors cost 1.5 to 2.1 times the parse before their aliases took the fast path
    // and merged mappings stopped counting as an alias bomb, and 0.6 to 1.0 times after; the other shapes cost 0.1 to
    // 0.8 times. Several documents are left out: the library's parse stops at the second one.
    const { engine } = await buildEngine();
    const host = new engine.DiskFileHost();
    const slow: string[] = [];
    for (const { name, text } of composeShapes(1_000_000).filter((shape) => !/documents/.test(shape.name))) {
      const fastest = { analysis: Infinity, parse: Infinity };
      for (let round = 0; round < 5; round++) {
        let started = performance.now();
        engine.analyze({ kind: 'compose', text, path: '/nowhere/compose.yaml', files: host, severity: (r) => r.severity });
        fastest.analysis = Math.min(fastest.analysis, performance.now() - started);
        started = performance.now();
        engine.parseDocument(text, { merge: true, uniqueKeys: false, prettyErrors: false, logLevel: 'error' });
        fastest.parse = Math.min(fastest.parse, performance.now() - started);
      }
      const ratio = fastest.analysis / fastest.parse;
      console.log(`# 1 MB, ${name}: analysis ${fastest.analysis.toFixed(0)} ms, yaml parse ${fastest.parse.toFixed(0)} ms (${ratio.toFixed(2)}×)`);
      if (ratio >= 1.2) slow.push(`${name}: ${ratio.toFixed(2)}×`);
    }
    assert.deepEqual(slow, [], 'analyses of 1 MB costing 1.2 times the yaml parse or more');
  });

  it('wide mappings, block or flow, with a repeated key: the repeat is reported on its line, time proportional to size', { timeout: 60_000 }, () => {
    // The yaml library's duplicate-key check was quadratic in a mapping's keys; DockML's own is one lookup per key.
    const shape = fc.record({ count: fc.integer({ min: 2, max: 6_000 }), flow: fc.boolean(), repeatAt: fc.nat(), repeatOf: fc.nat() });
    runFor('wide-mappings', budget(4000), shape, ({ count, flow, repeatAt, repeatOf }) => {
      const names = Array.from({ length: count }, (_, i) => `KEY_${i}`);
      const at = 1 + (repeatAt % (count - 1));
      names.splice(at, 0, names[repeatOf % at]);
      const body = flow ? ` {${names.map((n) => `${n}: v`).join(',\n      ')}}\n` : `\n${names.map((n) => `      ${n}: v\n`).join('')}`;
      const text = `services:\n  app:\n    image: redis:7\n    environment:${body}`;
      let findings: Finding[] = [];
      withinLinearBound(text, () => (findings = lintChecked('compose', text, '/nowhere/compose.yaml')));
      const repeats = findings.filter((f) => f.rule === 'compose-syntax');
      assert.deepEqual(repeats.map((f) => [f.range.start.line, f.message.replace(/ at line \d+$/, '')]), [[4 + at - (flow ? 1 : 0), `YAML syntax error: mapping key "${names[at]}" already defined`]]);
    }, 40);
  });

  it('heredocs of many lines and RUNs of many commands on one line: no throw, time proportional to size', { timeout: 60_000 }, () => {
    const COMMANDS = ['apt-get update', 'apt-get install -y curl', 'pip install torch numpy', 'rm -rf /var/lib/apt/lists/*', 'conda install -y scipy', 'wget -O /m/model.bin https://x/y', 'ls'];
    const shape = fc.record({ count: fc.integer({ min: 1, max: 20_000 }), form: fc.constantFrom('heredoc', 'line', 'continued'), first: fc.nat(COMMANDS.length - 1) });
    runFor('huge-runs', budget(4000), shape, ({ count, form, first }) => {
      const commands = Array.from({ length: count }, (_, i) => COMMANDS[(first + i) % COMMANDS.length]);
      const body = form === 'heredoc' ? `<<EOF\n${commands.join('\n')}\nEOF` : commands.join(form === 'line' ? ' && ' : ' \\\n    && ');
      const text = `FROM nvidia/cuda:12.1.0-devel-ubuntu22.04\nRUN ${body}\nCMD python app.py\n`;
      withinLinearBound(text, () => lintChecked('dockerfile', text, '/nowhere/Dockerfile'));
    }, 30);
  });

  it('many copies of the context or of folders, each before an install: time proportional to size', { timeout: 60_000 }, () => {
    // Every copy before an install is weighed against every install after it; the build context and the words of each
    // copy must be worked out once, not per pair (2,000 pairs of `COPY . .` and an install took minutes).
    const STEPS = ['COPY . .', 'COPY src /app/src', 'RUN pip install --no-cache-dir -r requirements.txt', 'RUN cd /app/src && pip install --no-cache-dir .', 'WORKDIR /app', 'RUN ./install.sh'];
    const shape = fc.record({ count: fc.integer({ min: 1, max: 6_000 }), first: fc.nat(STEPS.length - 1) });
    runFor('many-copies', budget(4000), shape, ({ count, first }) => {
      const steps = Array.from({ length: count }, (_, i) => STEPS[(first + i) % STEPS.length]);
      const text = `FROM python:3.12-slim\nWORKDIR /app\n${steps.join('\n')}\nCMD python app.py\n`;
      withinLinearBound(text, () => lintChecked('dockerfile', text, '/nowhere/Dockerfile'));
    }, 30);
  });

  it('thousands of distinct folder copies, each before an install: time proportional to size', { timeout: 120_000 }, () => {
    // Each folder copy is weighed only against the installs that read from inside its folder, found through an index
    // built once per stage: looking at every later instruction for each copy took 50 s on a 20,000-instruction file.
    for (const count of [300, 3_000]) {
      const steps = Array.from({ length: count }, (_, i) => `COPY src/part${i} /app/src/part${i}\nRUN pip install --no-cache-dir -r requirements-${i}.txt\nWORKDIR /app/${i}`);
      const text = `FROM python:3.12-slim\nWORKDIR /app\n${steps.join('\n')}\nCMD python app.py\n`;
      withinLinearBound(text, () => lintChecked('dockerfile', text, '/nowhere/Dockerfile'));
    }
  });

  it('alias bombs and merge-key bombs stay bounded', { timeout: 60_000 }, () => {
    const bomb = fc.record({ levels: fc.integer({ min: 1, max: 30 }), fanout: fc.integer({ min: 2, max: 12 }), merge: fc.boolean(), inServices: fc.boolean() });
    runFor('alias-bombs', budget(3000), bomb, ({ levels, fanout, merge, inServices }) => {
      const lines = ['x-a0: &a0 {image: "lol", ports: ["80:80"]}'];
      for (let i = 1; i <= levels; i++) {
        const refs = Array.from({ length: fanout }, () => `*a${i - 1}`).join(', ');
        lines.push(merge ? `x-a${i}: &a${i}\n  <<: [${refs}]\n  k${i}: v` : `x-a${i}: &a${i} [${refs}]`);
      }
      lines.push('services:', inServices ? `  api: &svc\n    <<: *a${levels}\n    image: x\n  web:\n    <<: *svc` : `  api:\n    image: x\n    x-bomb: *a${levels}`);
      lintChecked('compose', lines.join('\n') + '\n', '/nowhere/compose.yaml');
    }, 300);
  });
});
