// The VSIX as `npm run package` makes it (production bundles, the .vscodeignore allowlist), built in a temporary
// copy of the repository so that the working tree's dist/ is left as it is.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './corpus';

const LEFT_OUT = new Set(['node_modules', '.git', 'test', 'bench', 'dist', 'out', '.vscode-test', 'test-output']);

export function vsixSize(): { bytes: number; files: number; extensionJs: number; serverJs: number } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-bench-vsix-'));
  try {
    for (const entry of fs.readdirSync(ROOT)) {
      if (LEFT_OUT.has(entry) || entry.endsWith('.vsix')) continue;
      fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    const out = path.join(dir, 'bench.vsix');
    const listing = execFileSync(process.execPath, [path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--out', out,
      // Relative links in README.md need a base URL to be rewritten; the size does not depend on which.
      '--baseContentUrl', 'https://example.invalid/dockml', '--baseImagesUrl', 'https://example.invalid/dockml'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const files = Number(/\((\d+) files?/.exec(listing)?.[1] ?? NaN);
    return {
      bytes: fs.statSync(out).size,
      files,
      extensionJs: fs.statSync(path.join(dir, 'dist', 'extension.js')).size,
      serverJs: fs.statSync(path.join(dir, 'dist', 'server.js')).size,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
