// An in-memory file system for rule tests: paths are absolute, as the engine expects.
import type { FileHost } from '../../server/src/rules/types';

export class MemoryHost implements FileHost {
  readonly files = new Map<string, string>();

  constructor(files: Record<string, string> = {}) {
    for (const [path, text] of Object.entries(files)) this.files.set(path, text);
  }

  readFile(path: string): string | undefined {
    return this.files.get(path);
  }

  exists(path: string): boolean {
    if (this.files.has(path)) return true;
    const prefix = path.endsWith('/') ? path : `${path}/`;
    for (const key of this.files.keys()) if (key.startsWith(prefix)) return true;
    return false;
  }
}
