// A Compose service's build arguments as `docker compose build` passes them: `build.args` in map or list form, with
// `${VAR}` interpolation from the environment and the project's `.env`, and arguments without a value taken from
// the environment or left out when it does not set them.
import { isMap, isSeq } from './yamlNodes';
import type { ComposeModel, ComposeService } from './model';
import { entries, items, text } from './yaml';

/** The variables Compose interpolates with; a value of undefined is unset. */
export type ComposeEnv = Record<string, string | undefined>;

/** A `${VAR:?message}` (or `${VAR?message}`) whose variable is missing: Compose stops with the message. */
export class InterpolationError extends Error {}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Interpolates a Compose value: `$$` is a dollar; `$VAR` and `${VAR}` are the variable or nothing when it is unset;
 * `${VAR:-default}`/`${VAR-default}` take the default when it is unset or empty (`:`) or unset; `${VAR:+other}`/
 * `${VAR+other}` take the other value when it is set and not empty (`:`) or set; `${VAR:?message}`/`${VAR?message}`
 * throw InterpolationError when it is missing. Defaults and other values are interpolated in turn.
 */
export function interpolate(value: string, env: ComposeEnv): string {
  let result = '';
  let i = 0;
  while (i < value.length) {
    const dollar = value.indexOf('$', i);
    if (dollar < 0) return result + value.slice(i);
    result += value.slice(i, dollar);
    const next = value[dollar + 1];
    if (next === '$') {
      result += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const end = closingBrace(value, dollar + 2);
      if (end < 0) return result + value.slice(dollar);
      result += braced(value.slice(dollar + 2, end), env);
      i = end + 1;
    } else {
      const name = NAME.exec(value.slice(dollar + 1))?.[0];
      result += name ? (env[name] ?? '') : '$';
      i = dollar + 1 + (name?.length ?? 0);
    }
  }
  return result;
}

/** The index of the `}` that closes a `${` whose body starts at `from`, nested `${…}` skipped; -1 when none does. */
function closingBrace(value: string, from: number): number {
  let depth = 0;
  for (let i = from; i < value.length; i++) {
    if (value[i] === '$' && value[i + 1] === '{') {
      depth++;
      i++;
    } else if (value[i] === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** The value of the body of one `${…}`. */
function braced(body: string, env: ComposeEnv): string {
  const name = NAME.exec(body)?.[0];
  if (!name) return '';
  const current = env[name];
  const operator = /^(:?[-+?])/.exec(body.slice(name.length))?.[1];
  if (!operator) return current ?? '';
  const operand = body.slice(name.length + operator.length);
  const missing = operator.startsWith(':') ? current === undefined || current === '' : current === undefined;
  switch (operator.at(-1)) {
    case '-':
      return missing ? interpolate(operand, env) : current!;
    case '+':
      return missing ? '' : interpolate(operand, env);
    default:
      if (missing) throw new InterpolationError(`required variable ${name} is missing a value${operand ? `: ${interpolate(operand, env)}` : ''}`);
      return current!;
  }
}

/**
 * The build arguments of a service: each `build.args` entry with its value interpolated; an entry without a value
 * (`- NAME` or `NAME:`) takes the variable of that name and is left out when the environment does not set it.
 */
export function composeBuildArgs(model: ComposeModel, service: ComposeService, env: ComposeEnv): Record<string, string> {
  const args: Record<string, string> = {};
  const node = model.get(service, 'build', 'args');
  const set = (name: string, value: string | undefined) => {
    if (value !== undefined) args[name] = interpolate(value, env);
    else if (env[name] !== undefined) args[name] = env[name]!;
  };
  if (isMap(node)) {
    for (const entry of entries(model.doc, node)) set(entry.name, text(model.doc, entry.value));
  } else if (isSeq(node)) {
    for (const item of items(model.doc, node)) {
      const written = text(model.doc, item);
      if (written === undefined) continue;
      const equals = written.indexOf('=');
      set(equals < 0 ? written : written.slice(0, equals), equals < 0 ? undefined : written.slice(equals + 1));
    }
  }
  return args;
}
