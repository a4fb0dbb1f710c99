// Keeps the architecture visible: the server's top level holds only folders and the LSP wiring, the engine
// (models, rules, analysis) never imports the editor features or the CLI, and no module imports itself back
// through a chain of relative imports, type-only imports included.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const root = path.join(__dirname, '..', '..');
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^;'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

/** Every TypeScript file under `dir`, as absolute paths. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The files a module imports by relative path, resolved as TypeScript resolves them. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const spec = match[1] ?? match[2];
    const base = path.resolve(path.dirname(file), spec);
    const found = [`${base}.ts`, path.join(base, 'index.ts'), base].find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile());
    if (found?.endsWith('.ts')) out.push(found);
  }
  return out;
}

/** The import cycles among `files`, each as the list of files around it, found by depth-first search. */
function cycles(files: string[]): string[][] {
  const graph = new Map(files.map((file) => [file, importsOf(file)]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push(stack.slice(stack.indexOf(next)).concat(next));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return found;
}

const relative = (file: string): string => path.relative(root, file);

describe('source layout', () => {
  for (const side of ['server/src', 'client/src']) {
    it(`has no import cycles in ${side}`, () => {
      const found = cycles(sources(path.join(root, side)));
      assert.deepEqual(found.map((cycle) => cycle.map(relative).join(' → ')), []);
    });
  }

  it('keeps only the LSP wiring and shared text positions at the top of server/src', () => {
    const files = fs.readdirSync(path.join(root, 'server/src'), { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
    assert.deepEqual(files.sort(), ['server.ts', 'text.ts']);
  });

  it('keeps the engine free of the editor features and the CLI', () => {
    const engine = ['analysis', 'compose', 'dockerfile', 'files', 'images', 'project', 'rules', 'support'];
    for (const folder of engine) {
      for (const file of sources(path.join(root, 'server/src', folder))) {
        for (const imported of importsOf(file)) {
          const top = relative(imported).split(path.sep)[2];
          assert.ok(!['editor', 'cli', 'server.ts'].includes(top), `${relative(file)} imports ${relative(imported)}`);
        }
      }
    }
  });

  it('finds a cycle when there is one (the check itself works)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-layout-'));
    fs.writeFileSync(path.join(dir, 'a.ts'), "import type { B } from './b';\nexport type A = B;\n");
    fs.writeFileSync(path.join(dir, 'b.ts'), "import { a } from './a';\nexport type B = typeof a;\n");
    try {
      assert.equal(cycles(sources(dir)).length, 1);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
