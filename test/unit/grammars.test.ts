// The TextMate grammars tokenized by vscode-textmate with the Oniguruma engine VS Code uses: the
// .dockerignore grammar, and the injection that marks `# dockml-ignore` directives and heredocs.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import { INITIAL, IGrammar, parseRawGrammar, Registry } from 'vscode-textmate';

const SYNTAXES = path.join(__dirname, '..', '..', 'syntaxes');

/** Stand-ins for the grammars VS Code ships, reduced to the comment rule that matters here. */
const BASE: Record<string, object> = {
  'source.dockerfile': { scopeName: 'source.dockerfile', patterns: [{ match: '^\\s*#.*$', name: 'comment.line.number-sign.dockerfile' }, { match: '\\b(FROM|RUN)\\b', name: 'keyword.other.special-method.dockerfile' }] },
  'source.yaml': { scopeName: 'source.yaml', patterns: [{ match: '#.*$', name: 'comment.line.number-sign.yaml' }] },
  'source.shell': { scopeName: 'source.shell', patterns: [{ match: '\\b(apt-get|pip)\\b', name: 'support.function.builtin.shell' }] },
};

let registry: Registry;

/** Tokenizes lines and returns, for each token, its text and its innermost scope. */
function tokenize(grammar: IGrammar, lines: string[]): [string, string][] {
  let state = INITIAL;
  const tokens: [string, string][] = [];
  for (const line of lines) {
    const result = grammar.tokenizeLine(line, state);
    for (const t of result.tokens) tokens.push([line.slice(t.startIndex, t.endIndex), t.scopes[t.scopes.length - 1]]);
    state = result.ruleStack;
  }
  return tokens;
}

describe('grammars', () => {
  before(async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    registry = new Registry({
      onigLib: Promise.resolve({ createOnigScanner: (p) => new oniguruma.OnigScanner(p), createOnigString: (s) => new oniguruma.OnigString(s) }),
      loadGrammar: async (scope) => {
        if (BASE[scope]) return parseRawGrammar(JSON.stringify(BASE[scope]), `${scope}.json`);
        const file = { 'source.dockerignore': 'dockerignore.tmLanguage.json', 'dockml.injection': 'dockml-injection.tmLanguage.json' }[scope];
        return file ? parseRawGrammar(fs.readFileSync(path.join(SYNTAXES, file), 'utf8'), file) : null;
      },
      getInjections: (scope) => (scope === 'source.dockerfile' || scope === 'source.yaml' ? ['dockml.injection'] : undefined),
    });
  });

  it('highlights .dockerignore comments, negations and globs', async () => {
    const grammar = (await registry.loadGrammar('source.dockerignore'))!;
    const tokens = tokenize(grammar, ['# weights', '!checkpoints/keep.ckpt', '**/*.py[cod]']);
    assert.deepEqual(tokens.slice(0, 2), [
      ['#', 'punctuation.definition.comment.dockerignore'],
      [' weights', 'comment.line.number-sign.dockerignore'],
    ]);
    assert.deepEqual(tokens[2], ['!', 'keyword.operator.negation.dockerignore']);
    assert.ok(tokens.some(([text, scope]) => text === '**' && scope === 'keyword.operator.glob.dockerignore'));
    assert.ok(tokens.some(([text, scope]) => text === '[cod]' && scope === 'constant.character.set.dockerignore'));
  });

  it('marks dockml-ignore directives in Dockerfiles and Compose files, not other comments', async () => {
    for (const scope of ['source.dockerfile', 'source.yaml']) {
      const grammar = (await registry.loadGrammar(scope))!;
      const tokens = tokenize(grammar, ['# dockml-ignore pip-no-cache-dir, consecutive-run', '# a plain comment']);
      assert.ok(tokens.some(([text, s]) => text === 'dockml-ignore' && s === 'keyword.control.directive.dockml'), scope);
      assert.ok(tokens.some(([text, s]) => text === 'pip-no-cache-dir, consecutive-run' && s === 'entity.name.tag.rule-id.dockml'), scope);
      assert.ok(tokens.some(([text, s]) => text === '# a plain comment' && s.startsWith('comment.line.number-sign.')), scope);
    }
  });

  it('highlights a BuildKit heredoc body as shell, up to its delimiter', async () => {
    const grammar = (await registry.loadGrammar('source.dockerfile'))!;
    const tokens = tokenize(grammar, ['RUN <<EOF', 'apt-get update', 'EOF', 'FROM scratch']);
    assert.ok(tokens.some(([text, s]) => text === 'EOF' && s === 'entity.name.tag.heredoc.delimiter.dockerfile'));
    assert.ok(tokens.some(([text, s]) => text === 'apt-get' && s === 'support.function.builtin.shell'));
    assert.ok(tokens.some(([text, s]) => text === 'FROM' && s === 'keyword.other.special-method.dockerfile'), 'the heredoc ends at its delimiter');
  });
});
