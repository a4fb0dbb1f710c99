// The patterns of a .dockerignore file and whether they exclude a path of the build context, as BuildKit reads them:
// one pattern a line, `#` comments, `!` re-includes, `*` and `?` within a path segment, `**` across segments, and a
// pattern that matches a folder excludes everything in it. The last matching pattern decides.

export interface IgnorePattern {
  regex: RegExp;
  negated: boolean;
}

export function parseDockerignore(text: string): IgnorePattern[] {
  const patterns: IgnorePattern[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    if (negated) line = line.slice(1).trim();
    line = line.replace(/^\/+/, '').replace(/\/+$/, '').replace(/^(\.\/)+/, '');
    if (line === '') continue;
    patterns.push({ regex: new RegExp(`^${globToRegex(line)}(?:/.*)?$`), negated });
  }
  return patterns;
}

/** True when the patterns exclude `path` (relative to the context, `/`-separated). */
export function isIgnored(patterns: readonly IgnorePattern[], path: string): boolean {
  const clean = path.replace(/^(\.\/)+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  let ignored = false;
  for (const pattern of patterns) if (pattern.regex.test(clean)) ignored = !pattern.negated;
  return ignored;
}

function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      out += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '\\' && i + 1 < glob.length) out += escapeRegex(glob[++i]);
    else out += escapeRegex(c);
  }
  return out;
}

function escapeRegex(c: string): string {
  return /[.+^${}()|[\]\\]/.test(c) ? `\\${c}` : c;
}
