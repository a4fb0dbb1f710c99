// A password or API token written into a Compose file ends up in git history, in `docker inspect` and in
// every copy of the repository; the file should reference a variable whose value lives elsewhere.
import { isAlias, isMap, isScalar, Node, Scalar } from '../../compose/yamlNodes';
import { entries, entry, seqItems } from '../../compose/yaml';
import { replace } from '../edits';
import type { ComposeRule, FileEdit, Fix, Range } from '../types';

/** Variable names that hold secrets: the secret word ends the name, so `TOKENIZERS_PARALLELISM` is not one. */
const SECRET_NAME = /(^|_)(PASSWORD|PASSWD|TOKEN|SECRET|SECRET_KEY|API_?KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS)$/i;

/** `${VAR}` or `$VAR` anywhere in the value (not `$$`, which is a literal dollar). */
const INTERPOLATION = /(^|[^$])(\$\$)*\$(\{|[A-Za-z_])/;

/** Switches such as `MYSQL_ALLOW_EMPTY_PASSWORD: "yes"`, which name a secret but are not one. */
const SWITCH = /^(true|false|yes|no|on|off)$/i;

/** Whether `name=value` sets a literal secret. */
function isLiteralSecret(name: string, value: string): boolean {
  if (!SECRET_NAME.test(name) || value.trim() === '' || SWITCH.test(value) || INTERPOLATION.test(value)) return false;
  // A path to a secret file (`/run/secrets/db_password`) is not the secret itself.
  return !value.startsWith('/run/secrets/');
}

/** A whole value that is one variable with a default: `${NAME:-default}` or `${NAME-default}`. */
const WITH_DEFAULT = /^\$\{[A-Za-z_][A-Za-z0-9_]*:?-(.*)\}$/s;
/** A URL with a password in it: `postgresql://user:pass@host/db`, `redis://:pass@cache:6379`. */
const URL_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/:@\s]*:([^@/\s]+)@/i;

/** What makes `name=value` a secret written into the file, if it is one. */
function secretIn(name: string, value: string): 'literal' | 'fallback' | 'url' | undefined {
  if (isLiteralSecret(name, value)) return 'literal';
  // Quotes inside the braces are part of the value: `${KEY:-""}` defaults to nothing.
  const fallback = WITH_DEFAULT.exec(value.trim())?.[1]?.replace(/^(["'])(.*)\1$/, '$2');
  if (fallback !== undefined && isLiteralSecret(name, fallback)) return 'fallback';
  const password = URL_PASSWORD.exec((fallback ?? value).trim())?.[1];
  if (password !== undefined && !INTERPOLATION.test(password) && !/^\*+$/.test(password)) return 'url';
  return undefined;
}

/** The name as written, for a `${NAME}` reference; names Compose cannot interpolate get no fix. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const rule: ComposeRule = {
  id: 'secret-in-environment',
  kind: 'compose',
  severity: 'warning',
  fixable: true,
  docs: {
    summary: 'A literal password, token, secret or API key in a service\'s `environment:`, also as a default or inside a URL.',
    rationale:
      'A value written into the Compose file is committed with it, copied with every clone, and shown by `docker inspect`. ' +
      'Write `${HF_TOKEN}` instead: Compose fills it in from the shell or from a `.env` file next to the Compose file, which ' +
      'belongs in `.gitignore`. For a database password, a Compose secret mounted under `/run/secrets` (with the image\'s ' +
      '`*_FILE` variable) keeps it out of the environment altogether. Names are matched on their last word (`HF_TOKEN`, ' +
      '`POSTGRES_PASSWORD`, `OPENAI_API_KEY`), so settings such as `TOKENIZERS_PARALLELISM` are left alone. A literal ' +
      'default (`${POSTGRES_PASSWORD:-postgres}`) is committed just the same, and so is a password inside a URL of any ' +
      'variable (`DATABASE_URL: postgresql://app:s3cret@db/app`).',
    bad:
      'services:\n  api:\n    image: ghcr.io/acme/rag-api:1.4.0\n    environment:\n      HF_TOKEN: hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ\n' +
      '  postgres:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD=hunter2\n',
    good:
      'services:\n  api:\n    image: ghcr.io/acme/rag-api:1.4.0\n    environment:\n      HF_TOKEN: ${HF_TOKEN}\n' +
      '  postgres:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD_FILE=/run/secrets/db_password\n' +
      '    secrets:\n      - db_password\nsecrets:\n  db_password:\n    file: ./secrets/db_password.txt\n',
    fixSafety: 'unsafe',
  },
  messages: {
    literal: '`{name}` is set to a literal secret; reference a variable instead and keep the value in an uncommitted `.env` file or a Compose secret.',
    fallback: '`{name}` falls back to a literal secret when the variable is unset; drop the default (with `:?` instead of `:-` Compose asks for the value) and keep the value in an uncommitted `.env` file.',
    url: '`{name}` has a password written inside its URL; reference a variable for the whole URL or its password, kept in an uncommitted `.env` file or a Compose secret.',
  },
  check(ctx) {
    const model = ctx.model;
    const doc = model.doc;
    const reported = new Set<string>();
    const report = (name: string, range: Range, fix: Fix | undefined, messageId: 'literal' | 'fallback' | 'url' = 'literal') => {
      const key = JSON.stringify(range);
      if (reported.has(key)) return;
      reported.add(key);
      // Only a plain literal is replaced by a reference: the other values hold more than the secret.
      ctx.report({ messageId, data: { name }, range, fixes: fix && messageId === 'literal' ? [fix] : [] });
    };
    const fixTitle = (name: string) => `Replace the value with \${${name}}`;
    // Unsafe: the value is no longer in the stack, so the service gets an empty one until the user puts it in
    // `.env` or the shell (and two services that shared one password both lose it).
    const reference = (name: string, edits: FileEdit[]): Fix => ({ title: fixTitle(name), preferred: true, safe: false, edits });
    for (const service of model.services) {
      const environment = entry(doc, service.node, 'environment');
      if (!environment) continue;
      const value = model.get(service, 'environment');
      // Values inherited through `<<` or an alias are written elsewhere: reported there, fixed there by hand.
      const shared = environment.merged || isAlias(environment.value);
      if (isMap(value)) {
        for (const variable of entries(doc, value)) {
          const node = variable.value;
          const kind = isScalar(node) && node.value !== null ? secretIn(variable.name, String(node.value)) : undefined;
          if (!kind || !isScalar(node)) continue;
          const editable = !shared && !variable.merged && VARIABLE_NAME.test(variable.name) && isInline(node);
          const fix = editable ? reference(variable.name, [replace(model.rangeOf(node)!, `\${${variable.name}}`)]) : undefined;
          report(variable.name, model.rangeOf(node)!, fix, kind);
        }
      } else {
        for (const item of seqItems(doc, value)) {
          if (!isScalar(item.node) || typeof item.node.value !== 'string') continue;
          const equals = item.node.value.indexOf('=');
          if (equals <= 0) continue;
          const name = item.node.value.slice(0, equals);
          const kind = secretIn(name, item.node.value.slice(equals + 1));
          if (!kind) continue;
          const editable = !shared && !item.aliased && VARIABLE_NAME.test(name) && isInline(item.node);
          const quote = item.node.type === 'QUOTE_DOUBLE' ? '"' : item.node.type === 'QUOTE_SINGLE' ? "'" : '';
          const fix = editable
            ? reference(name, [replace(model.rangeOf(item.node)!, `${quote}${name}=\${${name}}${quote}`)])
            : undefined;
          report(name, model.rangeOf(item.node)!, fix, kind);
        }
      }
    }
  },
};

/** A plain or quoted scalar, which a fix may rewrite whole; block scalars (`|`, `>`) are left to the user. */
function isInline(node: Node): node is Scalar {
  return isScalar(node) && (node.type === 'PLAIN' || node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
}
