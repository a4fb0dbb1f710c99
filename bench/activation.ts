// Extension activation without VS Code: dist/extension.js is required with a stand-in `vscode` module (every
// API a no-op that returns another stand-in), and activate() is awaited, which includes starting the real
// language server (dist/server.js) over IPC through vscode-languageclient and its initialize handshake.
// This measures DockML's own activation cost; VS Code's extension host adds its own overhead on top.
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { ROOT } from './corpus';

/** A value that stands for any VS Code API: callable, constructible, with every property another stand-in. */
function standIn(name: string): unknown {
  const cache = new Map<PropertyKey, unknown>();
  const target = function () {} as unknown as object;
  return new Proxy(target, {
    set(_t, key, value) {
      cache.set(key, value);
      return true;
    },
    get(_t, key) {
      if (cache.has(key)) return cache.get(key);
      if (key === 'then') return undefined; // not a promise
      if (key === Symbol.toPrimitive) return () => name;
      if (key === 'toString' || key === 'valueOf') return () => name;
      if (key === 'dispose') return () => undefined;
      if (key === 'version') return '1.99.0';
      if (key === 'get') return (_k: string, fallback?: unknown) => fallback;
      if (key === 'asAbsolutePath') return (p: string) => path.join(ROOT, p);
      if (key === 'extensionPath' || key === 'extensionUri') return ROOT;
      if (key === 'subscriptions') return (cache.get(key) as unknown[]) ?? (cache.set(key, []), cache.get(key));
      if (key === Symbol.iterator) return function* () {};
      if (!cache.has(key)) cache.set(key, standIn(`${name}.${String(key)}`));
      return cache.get(key);
    },
    apply() {
      return standIn(`${name}()`);
    },
    construct() {
      return standIn(`new ${name}`) as object;
    },
  });
}

/**
 * The `vscode` module: every namespace, class and enum that @types/vscode declares, as stand-ins, listed as
 * own keys so that a bundle's `import * as vscode` (esbuild's __toESM copies own keys) sees them.
 */
function vscodeModule(): unknown {
  const types = fs.readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
  const names = new Set([...types.matchAll(/^\t?export (?:namespace|class|enum|const|let|function) (\w+)/gm)].map((m) => m[1]));
  const api: Record<string, unknown> = {};
  for (const name of names) api[name] = standIn(`vscode.${name}`);
  api.version = '1.99.0';
  return api;
}

export async function activation(runs: number): Promise<{ requireMs: number; activateMs: number; bundleBytes: number } | { error: string }> {
  const bundle = path.join(ROOT, 'dist', 'extension.js');
  const original = (Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown })._load;
  (Module as unknown as { _load: unknown })._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? vscodeStub : original.call(this, request, ...rest);
  };
  const vscodeStub = vscodeModule();
  const requires: number[] = [];
  const activates: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      delete require.cache[bundle];
      let started = performance.now();
      const extension = require(bundle) as { activate(context: unknown): Promise<void>; deactivate?(): void };
      requires.push(performance.now() - started);
      const context = standIn('context') as { subscriptions: { dispose?(): unknown }[] };
      started = performance.now();
      await extension.activate(context);
      activates.push(performance.now() - started);
      for (const d of context.subscriptions) await d.dispose?.();
    }
  } catch (error) {
    return { error: (error as Error).stack ?? String(error) };
  } finally {
    (Module as unknown as { _load: unknown })._load = original;
  }
  const sorted = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];
  return { requireMs: sorted(requires), activateMs: sorted(activates), bundleBytes: fs.statSync(bundle).size };
}
