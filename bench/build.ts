// Bundles bench/engine.ts with the options esbuild.mjs uses for dist/, into a temporary folder.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

export type Engine = typeof import('./engine');

/** The bundled engine, loaded (its temporary file is removed once loaded). */
export async function buildEngine(): Promise<{ engine: Engine; file: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-bench-'));
  const file = path.join(dir, 'engine.js');
  await esbuild.build({
    entryPoints: [path.join(__dirname, 'engine.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    logLevel: 'warning',
    external: ['vscode', 'cpu-features', '*.node'],
  });
  try {
    return { engine: require(file) as Engine, file };
  } finally {
    // Loaded: the file is no longer needed.
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
