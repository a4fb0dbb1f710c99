// Dockerfile editing basics through the real language server: instruction and flag completion with
// snippets, hovers on instructions and flags, the outline of stages, folding, formatting, rename,
// references and highlights of stages and ARGs, and links on image names.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type {
  CompletionItem,
  DocumentHighlight,
  DocumentLink,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
  MarkupContent,
  Range,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { applyEdits } from '../../server/src/text';
import { TestClient } from './testClient';

const URI = 'file:///project/Dockerfile';
const DOCKERFILE = [
  'ARG CUDA=12.4.1',
  'FROM nvidia/cuda:${CUDA}-devel-ubuntu22.04 AS builder',
  'ARG TORCH=2.5.1',
  'RUN pip wheel --wheel-dir /wheels torch==${TORCH} \\',
  '    numpy',
  'FROM builder AS test',
  'RUN --mount=type=bind,from=builder,target=/w ls /w',
  'FROM python:3.12-slim',
  'COPY --from=builder /wheels /wheels',
  'HEA',
  'COPY --ch',
  '',
].join('\n');

const range = (sl: number, sc: number, el: number, ec: number): Range => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

describe('Dockerfile editing in the language server', () => {
  let client: TestClient;
  const request = <T>(method: string, params: object) => client.connection.sendRequest<T>(method, { textDocument: { uri: URI }, ...params });
  const at = (line: number, character: number) => ({ position: { line, character } });

  before(async () => {
    client = new TestClient();
    const result = await client.initialize();
    assert.equal(result.capabilities.documentFormattingProvider, true);
    await client.open(URI, DOCKERFILE);
  });
  after(() => client.dispose());

  it('offers HEALTHCHECK with a snippet when `HEA` is typed, and its documentation on resolve', async () => {
    const items = await request<CompletionItem[]>('textDocument/completion', at(9, 3));
    const labels = items.map((i) => i.label);
    assert.ok(labels.some((l) => l.startsWith('HEALTHCHECK --interval')), labels.join(', '));
    assert.ok(labels.includes('HEALTHCHECK NONE'));
    const snippet = items.find((i) => i.label.startsWith('HEALTHCHECK --interval'))!;
    assert.equal(snippet.insertTextFormat, 2, 'a snippet');
    assert.match((snippet.textEdit as TextEdit).newText, /\$\{1:30s\}/);
    const resolved = await client.connection.sendRequest<CompletionItem>('completionItem/resolve', snippet);
    assert.match(JSON.stringify(resolved.documentation), /health/i);
  });

  it('completes a flag of the instruction being typed', async () => {
    const items = await request<CompletionItem[]>('textDocument/completion', at(10, 9));
    assert.deepEqual(items.map((i) => i.label), ['--chown=user:group']);
  });

  it('still completes stage names after --from=, not instructions', async () => {
    const items = await request<CompletionItem[]>('textDocument/completion', at(8, 12));
    assert.deepEqual(items.map((i) => i.label), ['builder', 'test']);
  });

  it('documents the instruction and the flag under the cursor', async () => {
    const run = await request<Hover>('textDocument/hover', at(3, 1));
    assert.match((run.contents as MarkupContent).value, /Execute any commands/);
    const flag = await request<Hover>('textDocument/hover', at(8, 8));
    assert.match((flag.contents as MarkupContent).value, /previous build stage/);
    // On a variable, its value where it is used.
    const variable = await request<Hover>('textDocument/hover', at(3, 45));
    assert.match(JSON.stringify(variable.contents), /2\.5\.1/);
  });

  it('outlines the global ARG, then each stage with its instructions', async () => {
    const symbols = await request<DocumentSymbol[]>('textDocument/documentSymbol', {});
    assert.deepEqual(
      symbols.map((s) => [s.name, (s.children ?? []).map((c) => c.name)]),
      [
        ['ARG', []],
        ['builder (nvidia/cuda:12.4.1-devel-ubuntu22.04)', ['ARG', 'RUN']],
        ['test (builder)', ['RUN']],
        ['stage 2 (python:3.12-slim)', ['COPY', 'HEA', 'COPY']],
      ],
    );
    assert.deepEqual(symbols[1].range, range(1, 0, 4, 9));
    assert.equal(symbols[3].detail, 'final stage');
  });

  it('folds stages and instructions over several lines', async () => {
    const folds = await request<FoldingRange[]>('textDocument/foldingRange', {});
    const pairs = folds.map((f) => [f.startLine, f.endLine]);
    assert.deepEqual(pairs.sort(), [[1, 4], [3, 4], [5, 6], [7, 10]].sort());
  });

  it('renames a stage everywhere it is used: FROM, --from= and --mount=from=', async () => {
    const prepared = await request<Range>('textDocument/prepareRename', at(8, 14));
    assert.deepEqual(prepared, range(8, 12, 8, 19));
    const edit = await request<WorkspaceEdit>('textDocument/rename', { ...at(8, 14), newName: 'build' });
    const renamed = applyEdits(DOCKERFILE, edit.changes![URI]);
    assert.match(renamed, /-devel-ubuntu22.04 AS build\n/);
    assert.match(renamed, /FROM build AS test/);
    assert.match(renamed, /from=build,target/);
    assert.match(renamed, /COPY --from=build \/wheels/);
    assert.doesNotMatch(renamed, /builder/);
  });

  it('renames an ARG and its uses, and finds a stage\'s references and highlights', async () => {
    const edit = await request<WorkspaceEdit>('textDocument/rename', { ...at(2, 5), newName: 'TORCH_VERSION' });
    assert.deepEqual(edit.changes![URI].map((e) => e.range), [range(2, 4, 2, 9), range(3, 43, 3, 48)]);
    const references = await request<Location[]>('textDocument/references', { ...at(1, 47), context: { includeDeclaration: false } });
    assert.deepEqual(references.map((r) => r.range.start.line), [5, 6, 8]);
    const highlights = await request<DocumentHighlight[]>('textDocument/documentHighlight', at(1, 47));
    assert.deepEqual(highlights.map((h) => [h.range.start.line, h.kind]), [[1, 3], [5, 2], [6, 2], [8, 2]]);
  });

  it('links image names to their registry pages, not stages or ARG-built names', async () => {
    const links = await request<DocumentLink[]>('textDocument/documentLink', {});
    assert.deepEqual(links.map((l) => [l.range, l.target]), [
      [range(1, 5, 1, 16), 'https://hub.docker.com/r/nvidia/cuda'],
      [range(7, 5, 7, 11), 'https://hub.docker.com/_/python'],
    ]);
  });

  it('shows diagnostic messages as plain text, code in quotes rather than Markdown backticks', async () => {
    const diagnostics = await client.open('file:///project/plain/Dockerfile', 'FROM python:3.12-slim\nRUN pip install torch\n');
    const cache = diagnostics.find((d) => d.code === 'pip-no-cache-dir');
    assert.ok(cache);
    assert.equal(cache.message, "'pip install' keeps its download cache in the image; add '--no-cache-dir'.");
    assert.ok(diagnostics.every((d) => !String(d.message).includes('`')), diagnostics.map((d) => d.message).join('\n'));
  });

  it('logs its version and configuration, and each analysis with its time at the debug level', async () => {
    const logged: { type: number; message: string }[] = [];
    const logging = new TestClient();
    logging.connection.onNotification('window/logMessage', (m: { type: number; message: string }) => void logged.push(m));
    await logging.initialize();
    await logging.open('file:///project/logged/Dockerfile', 'FROM python:3.12-slim\n');
    await logging.dispose();
    assert.ok(logged.some((m) => m.type === 3 && /^DockML language server \d+\.\d+\.\d+ on Node v/.test(m.message)), JSON.stringify(logged));
    assert.ok(logged.some((m) => m.type === 3 && /^Configuration: \{/.test(m.message)));
    assert.ok(logged.some((m) => m.type === 5 && /^Analysed .*logged.*Dockerfile \(version 1, dockerfile\) in [\d.]+ ms: \d+ findings$/.test(m.message)));
  });

  it('formats instruction case, indentation and JSON spacing, and leaves quoted and joined text alone', async () => {
    const uri = 'file:///project/format/Dockerfile';
    const text = [
      'from python:3.12-slim as base',
      '  run apt-get update && \\',
      '        apt-get install -y git',
      'RUN echo "a \\',
      '      b"',
      'RUN pip install tor\\',
      'ch',
      'cmd ["python","app.py"]',
      'ENTRYPOINT [ "tini" ,"--" ]',
      'RUN <<EOF',
      '  echo hi',
      'EOF',
      '',
    ].join('\n');
    await client.open(uri, text);
    const edits = await client.connection.sendRequest<TextEdit[]>('textDocument/formatting', {
      textDocument: { uri },
      options: { tabSize: 4, insertSpaces: true },
    });
    const formatted = applyEdits(text, edits);
    assert.equal(
      formatted,
      [
        'FROM python:3.12-slim as base',
        'RUN apt-get update && \\',
        '    apt-get install -y git',
        'RUN echo "a \\',
        '      b"',
        'RUN pip install tor\\',
        'ch',
        'CMD ["python", "app.py"]',
        'ENTRYPOINT ["tini", "--"]',
        'RUN <<EOF',
        '  echo hi',
        'EOF',
        '',
      ].join('\n'),
    );
    // Formatting what is formatted changes nothing.
    await client.change(uri, formatted);
    assert.deepEqual(await client.connection.sendRequest<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } }), []);
  });
});
