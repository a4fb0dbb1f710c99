// What BuildKit's Dockerfile frontend knows that the rules share: its instructions and their flags, what it takes for
// the JSON form, the `# check=` parser directive that configures its build checks, and the variable references it expands.

/** The instructions BuildKit accepts, upper-case. */
export const INSTRUCTIONS = [
  'ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER',
  'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR',
] as const;

/** The flags each instruction takes, without their dashes; instructions not listed take none. */
export const FLAGS: Record<string, readonly string[]> = {
  FROM: ['platform'],
  COPY: ['from', 'chown', 'chmod', 'link', 'parents', 'exclude'],
  ADD: ['chown', 'chmod', 'link', 'checksum', 'keep-git-dir', 'exclude', 'unpack'],
  RUN: ['mount', 'network', 'security'],
  HEALTHCHECK: ['interval', 'timeout', 'start-period', 'start-interval', 'retries'],
};

/** The build arguments BuildKit defines for every FROM line without an `ARG`. */
export const PLATFORM_ARGS = [
  'TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT',
] as const;

/** Whether arguments are the JSON (exec) form as BuildKit reads it: a JSON array of strings, and nothing else. */
export function isJsonStringArray(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((v) => typeof v === 'string');
  } catch {
    return false;
  }
}

/** How a Dockerfile configures BuildKit's checks with `# check=skip=…;error=true;experimental=…`. */
export interface CheckDirective {
  /** Check names to skip, or `all`. */
  skip: ReadonlySet<string> | 'all';
  /** True when a check's finding fails the build (`error=true`). */
  error: boolean;
  /** Experimental checks turned on, or `all`. */
  experimental: ReadonlySet<string> | 'all';
}

const DIRECTIVE = /^#[ \t]*([A-Za-z][A-Za-z0-9]*)[ \t]*=[ \t]*(.*?)[ \t]*$/;

/**
 * The parser directives at the top of a Dockerfile (`syntax`, `escape`, `check`), lower-cased names, each with its
 * line. BuildKit reads them until the first line that is not one: an instruction, another comment, or a blank line.
 */
export function parserDirectives(text: string): { name: string; value: string; line: number }[] {
  const found: { name: string; value: string; line: number }[] = [];
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let line = 0; start <= text.length; line++) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const match = DIRECTIVE.exec(text.slice(start, end).replace(/\r$/, ''));
    if (!match) break;
    found.push({ name: match[1].toLowerCase(), value: match[2], line });
    if (newline < 0) break;
    start = newline + 1;
  }
  return found;
}

/** Parses the `check` directive as BuildKit does: `;`-separated `key=value` pairs, names separated by commas. */
export function parseCheckDirective(text: string): CheckDirective {
  const directive = parserDirectives(text).find((d) => d.name === 'check');
  const result: { skip: Set<string> | 'all'; error: boolean; experimental: Set<string> | 'all' } = { skip: new Set(), error: false, experimental: new Set() };
  if (!directive) return result;
  for (const part of directive.value.split(';')) {
    const [key, ...rest] = part.split('=');
    const value = rest.join('=').trim();
    const names = value.split(',').map((n) => n.trim()).filter((n) => n !== '');
    switch (key.trim().toLowerCase()) {
      case 'skip':
        result.skip = names.some((n) => n.toLowerCase() === 'all') ? 'all' : new Set(names);
        break;
      case 'error':
        result.error = value.toLowerCase() === 'true';
        break;
      case 'experimental':
        result.experimental = names.some((n) => n.toLowerCase() === 'all') ? 'all' : new Set(names);
        break;
    }
  }
  return result;
}

/** True when the directive names `check` in the set, or the set is `all`. */
export function names(set: ReadonlySet<string> | 'all', check: string): boolean {
  return set === 'all' || set.has(check);
}

/** A `$NAME` or `${NAME…}` reference in an instruction's text, with document offsets of the whole reference. */
export interface VariableRef {
  name: string;
  start: number;
  end: number;
}

/**
 * The variables BuildKit would expand in `text[start, end)`: `$NAME` and `${NAME…}` outside single quotes and not
 * preceded by the escape character. Special parameters (`$1`, `$@`) are left out, as BuildKit leaves them.
 */
export function variableRefs(text: string, start: number, end: number, escape: string): VariableRef[] {
  const refs: VariableRef[] = [];
  let single = false;
  let double = false;
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (c === escape && !single) {
      i++;
      continue;
    }
    if (c === "'" && !double) single = !single;
    else if (c === '"' && !single) double = !double;
    else if (c === '$' && !single) {
      const braced = text[i + 1] === '{';
      const nameStart = braced ? i + 2 : i + 1;
      let j = nameStart;
      while (j < end && /[A-Za-z0-9_]/.test(text[j])) j++;
      if (j === nameStart || /[0-9]/.test(text[nameStart])) continue;
      let close = j;
      if (braced) {
        let depth = 1;
        for (close = j; close < end && depth > 0; close++) {
          if (text[close] === '{') depth++;
          else if (text[close] === '}') depth--;
        }
      }
      refs.push({ name: text.slice(nameStart, j), start: i, end: close });
      i = j - 1;
    }
  }
  return refs;
}
