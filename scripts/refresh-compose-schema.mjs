// Refreshes DockML's copy of the Compose Specification JSON schema and regenerates the validator that
// ajv compiles from it ahead of time, so that linting never pays ajv's compile cost at run time.
//
//   node scripts/refresh-compose-schema.mjs            download the newest schema, then regenerate the validator
//   node scripts/refresh-compose-schema.mjs --offline  regenerate the validator from the schema already here
//   node scripts/refresh-compose-schema.mjs --check    exit 1 when the committed validator is not the one generated
//
// See docs/compose-schema.md for what is validated and the local corrections applied below.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const Ajv = require('ajv').default;
const standaloneCode = require('ajv/dist/standalone').default;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemaFile = join(root, 'server', 'src', 'compose', 'schema', 'compose-spec.json');
const validatorFile = join(root, 'server', 'src', 'compose', 'schema', 'validate.js');

/** The repository and file the schema comes from; compose-go vendors the copy that Docker Compose validates with. */
const UPSTREAM = { repo: 'compose-spec/compose-go', path: 'schema/compose-spec.json' };

/**
 * Corrections to the upstream schema, each a function that edits it in place and says whether it applied.
 * They are applied to the compiled validator only; compose-spec.json stays a faithful copy.
 */
const LOCAL_PATCHES = [
  {
    why: '`gpus:` items carry `additionalProperties: false` on the list instead of the items, so typos such as `capabilites` passed',
    apply(schema) {
      const list = schema.definitions?.gpus?.oneOf?.find((branch) => branch.type === 'array');
      if (!list || !list.items || list.items.additionalProperties !== undefined) return false;
      list.items.additionalProperties = list.additionalProperties ?? false;
      list.items.patternProperties = list.patternProperties ?? { '^x-': {} };
      delete list.additionalProperties;
      delete list.patternProperties;
      return true;
    },
  },
  {
    why: 'device requests require `capabilities` or `driver` with `oneOf`, which rejects the usual request that names both',
    apply(schema) {
      const items = schema.definitions?.devices?.items;
      if (!items || !Array.isArray(items.oneOf) || !items.oneOf.every((branch) => Array.isArray(branch.required))) return false;
      items.anyOf = items.oneOf;
      delete items.oneOf;
      return true;
    },
  },
  {
    why: 'a `oneOf` whose branches take values of different JSON types is an `anyOf`: no value can match two branches, and ajv stops at the branch that matches instead of trying the others (a branch that fails builds an error object, several per service of a large file)',
    apply(schema) {
      let changed = false;
      const typesOf = (branch) => {
        const target = typeof branch?.$ref === 'string' ? schema.definitions?.[branch.$ref.replace('#/definitions/', '')] : branch;
        const type = target?.type;
        if (type === undefined) return undefined;
        return (Array.isArray(type) ? type : [type]).map((t) => (t === 'integer' ? 'number' : t));
      };
      const visit = (node) => {
        if (Array.isArray(node)) return node.forEach(visit);
        if (node === null || typeof node !== 'object') return;
        if (Array.isArray(node.oneOf) && node.anyOf === undefined) {
          const types = node.oneOf.map(typesOf);
          const all = types.flat();
          if (types.every((t) => t !== undefined) && new Set(all).size === all.length) {
            node.anyOf = node.oneOf;
            delete node.oneOf;
            changed = true;
          }
        }
        Object.values(node).forEach(visit);
      };
      visit(schema);
      return changed;
    },
  },
];

/** Drops annotations that validation never reads, which keeps the generated code small. */
function stripAnnotations(value) {
  if (Array.isArray(value)) return value.map(stripAnnotations);
  if (value === null || typeof value !== 'object') return value;
  const out = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === 'description' || key === '$comment' || key === 'title') continue;
    out[key] = key === 'properties' || key === 'patternProperties' || key === 'definitions' ? mapValues(child, stripAnnotations) : stripAnnotations(child);
  }
  return out;
}

function mapValues(object, fn) {
  return Object.fromEntries(Object.entries(object).map(([key, child]) => [key, fn(child)]));
}

/** The validator's source: a CommonJS module exporting one validate function with ajv's error objects. */
function generateValidator(schemaText, log = () => {}) {
  const schema = stripAnnotations(JSON.parse(schemaText));
  for (const patch of LOCAL_PATCHES) {
    if (patch.apply(schema)) log(`patched: ${patch.why}`);
    else log(`not needed any more (remove it): ${patch.why}`);
  }
  // `verbose` puts the failing subschema on each error, which the rule reads for did-you-mean and allowed values.
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false, verbose: true, inlineRefs: false, code: { source: true } });
  const code = standaloneCode(ajv, ajv.compile(schema));
  return `// Generated by scripts/refresh-compose-schema.mjs from compose-spec.json (ajv standalone code): do not edit.\n${code}\n`;
}

async function download() {
  const headers = { 'User-Agent': 'dockml-refresh-compose-schema', Accept: 'application/vnd.github+json' };
  const commitsUrl = `https://api.github.com/repos/${UPSTREAM.repo}/commits?path=${encodeURIComponent(UPSTREAM.path)}&per_page=1`;
  const commits = await (await fetch(commitsUrl, { headers })).json();
  const commit = commits?.[0];
  if (!commit?.sha) throw new Error(`cannot find the latest commit of ${UPSTREAM.path} in ${UPSTREAM.repo}`);
  const rawUrl = `https://raw.githubusercontent.com/${UPSTREAM.repo}/${commit.sha}/${UPSTREAM.path}`;
  const response = await fetch(rawUrl, { headers: { 'User-Agent': headers['User-Agent'] } });
  if (!response.ok) throw new Error(`${rawUrl}: HTTP ${response.status}`);
  const text = await response.text();
  JSON.parse(text);
  const date = commit.commit?.committer?.date ?? 'unknown date';
  const note =
    `Copied from ${UPSTREAM.repo}@${commit.sha} (${date}) ${UPSTREAM.path}, the copy of the Compose Specification schema ` +
    'that Docker Compose validates with (Apache-2.0, see LICENSE). Refresh with scripts/refresh-compose-schema.mjs; see docs/compose-schema.md.';
  // Keep upstream's formatting so that refreshes diff well; only a `$comment` naming the source is added.
  return text.replace(/^\{\n/, `{\n  "$comment": ${JSON.stringify(note)},\n`);
}

async function main() {
  const args = new Set(process.argv.slice(2));
  if (args.has('--check')) {
    const expected = generateValidator(readFileSync(schemaFile, 'utf8'));
    if (readFileSync(validatorFile, 'utf8') !== expected) {
      console.error('server/src/compose/schema/validate.js is stale: run node scripts/refresh-compose-schema.mjs --offline');
      process.exit(1);
    }
    return;
  }
  if (!args.has('--offline')) {
    writeFileSync(schemaFile, await download());
    console.log(`wrote ${schemaFile}`);
  }
  writeFileSync(validatorFile, generateValidator(readFileSync(schemaFile, 'utf8'), (line) => console.log(line)));
  console.log(`wrote ${validatorFile}`);
}

await main();
