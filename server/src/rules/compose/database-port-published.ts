// A database port published on every interface is reachable from the whole network, and Docker's port
// rules bypass host firewalls such as ufw; other services reach the database over the Compose network.
import { isAlias, isMap, isScalar, Scalar, YAMLMap } from '../../compose/yamlNodes';
import type { ComposeModel, ComposeService } from '../../compose/model';
import { appendEntry, contentSpan, entries, entry, seqItems, splitShortSyntax, text } from '../../compose/yaml';
import { parseImageRef } from '../../images/imageRef';
import { insertAt, replace } from '../edits';
import type { ComposeContext, ComposeRule, Fix } from '../types';

/** Databases, caches, search engines and vector stores, by the last segment of their image repository. */
const DATABASE_REPOSITORY = new RegExp(
  '^(' +
    [
      'postgres(ql)?', 'postgis', 'pgvector', 'pgvecto-rs', 'timescaledb(-ha)?', 'mysql(-server)?', 'mariadb', 'percona(-server)?',
      'mongo(db)?(-community-server)?', 'redis(-stack(-server)?)?', 'redismod', 'valkey', 'keydb', 'dragonfly', 'memcached',
      'elasticsearch', 'opensearch', 'solr', 'meilisearch', 'typesense', 'vespa', 'cassandra', 'scylla', 'neo4j', 'memgraph',
      'falkordb', 'clickhouse(-server)?', 'qdrant', 'milvus', 'chroma', 'weaviate', 'infinity', 'oceanbase(-ce)?', 'serenedb',
      'couchdb', 'couchbase(-server)?', 'influxdb', 'questdb', 'cockroach', 'tidb', 'yugabyte', 'surrealdb', 'arangodb',
      'rethinkdb', 'dgraph',
    ].join('|') +
    ')$',
);

/** The same names anywhere in a string. */
const DATABASE_ANYWHERE = new RegExp(DATABASE_REPOSITORY.source.slice(1, -1));

/**
 * An image reference with Compose interpolation resolved as far as the file says: `${VAR:-default}` and
 * `${VAR-default}` become their default, any other `${VAR}` a placeholder (`elasticsearch:${TAG}` is still Elasticsearch).
 */
function withoutInterpolation(image: string): string {
  return image.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-([^}]*))?\}/g, (_, fallback: string | undefined) => fallback ?? 'x');
}

/** Whether a service runs a well-known database image (by its `image:`; a service that only builds is unknown). */
export function isDatabaseService(model: ComposeModel, service: ComposeService): boolean {
  const image = model.getText(service, 'image');
  if (image === undefined) return false;
  const written = image.includes('$') ? withoutInterpolation(image) : image;
  // The repository is part of the reference as written, so an image that names no database anywhere is not one; most
  // images are told apart without parsing the reference.
  if (!DATABASE_ANYWHERE.test(written) && !written.includes('mssql/server')) return false;
  const ref = parseImageRef(written);
  if (!ref) return false;
  return DATABASE_REPOSITORY.test(ref.repository.split('/').at(-1) ?? '') || ref.repository === 'mssql/server';
}

/** `0.0.0.0` and `::`, which Docker binds when no host IP is given. */
const ALL_INTERFACES = /^(0\.0\.0\.0|\[?::\]?)$/;

/** Whether a host IP (absent, or as written) means every interface; loopback, other addresses and `${VAR}` do not. */
function onAllInterfaces(ip: string | undefined): boolean {
  return ip === undefined || ALL_INTERFACES.test(ip);
}

const fixTitle = 'Bind the port to 127.0.0.1';

/** A short-syntax port (`"5432:5432"`, `5432`, `0.0.0.0:5432:5432`), with its fix when it may be edited here. */
function checkShort(ctx: ComposeContext, service: ComposeService, node: Scalar, editable: boolean): void {
  const model = ctx.model;
  const spec = String(node.value);
  const parts = splitShortSyntax(spec);
  if (parts.length > 3) return;
  const ip = parts.length === 3 ? parts[0] : undefined;
  if (!onAllInterfaces(ip)) return;
  const content = contentSpan(node);
  const fixes: Fix[] = [];
  if (editable && content) {
    const start = content[0];
    // With no host IP, `127.0.0.1:` goes in front (`127.0.0.1::` when no host port is given either).
    const edit =
      ip === undefined
        ? { range: model.lines.range(start, start), newText: parts.length === 1 ? '127.0.0.1::' : '127.0.0.1:' }
        : { range: model.lines.range(start, start + ip.length), newText: '127.0.0.1' };
    fixes.push({ title: fixTitle, preferred: true, safe: false, edits: [edit] });
  }
  const port = parts[parts.length - 1].replace(/\/.*$/, '');
  ctx.report({ messageId: 'allInterfaces', data: { service: service.name, port }, range: model.rangeOf(node)!, fixes });
}

/** A long-syntax port (`target:`, `published:`, `host_ip:`), with its fix when it may be edited here. */
function checkLong(ctx: ComposeContext, service: ComposeService, node: YAMLMap, editable: boolean): void {
  const model = ctx.model;
  const doc = model.doc;
  const keys = entries(doc, node);
  const find = (key: string) => keys.find((e) => e.name === key);
  const hostIp = find('host_ip');
  const ip = text(doc, hostIp?.value);
  if (!onAllInterfaces(ip)) return;
  const at = find('published') ?? find('target') ?? keys[0];
  if (!at) return;
  const fixes: Fix[] = [];
  if (editable && !hostIp) {
    const insert = appendEntry(model.lines, node, 'host_ip: 127.0.0.1');
    if (insert) fixes.push({ title: fixTitle, preferred: true, safe: false, edits: [insertAt(model.lines.positionAt(insert.offset), insert.text)] });
  } else if (editable && hostIp && !hostIp.merged && isScalar(hostIp.value)) {
    fixes.push({ title: fixTitle, preferred: true, safe: false, edits: [replace(model.rangeOf(hostIp.value)!, '127.0.0.1')] });
  }
  const port = text(doc, find('target')?.value) ?? '';
  ctx.report({ messageId: 'allInterfaces', data: { service: service.name, port }, range: model.rangeOf(at.value ?? at.keyNode)!, fixes });
}

export const rule: ComposeRule = {
  id: 'database-port-published',
  kind: 'compose',
  severity: 'warning',
  fixable: true,
  docs: {
    summary: 'A database, cache or vector store that publishes a port on every network interface.',
    rationale:
      '`"5432:5432"` binds to 0.0.0.0: anyone who can reach the machine can reach the database, and Docker inserts its own ' +
      'iptables rules, so host firewalls such as ufw do not stop them. Services in the same Compose project reach the database ' +
      'by its service name without any published port; publish it only for tools on this machine, bound to `127.0.0.1`.',
    bad:
      'services:\n  api:\n    image: ghcr.io/acme/rag-api:1.4.0\n    ports:\n      - "8000:8000"\n' +
      '  postgres:\n    image: pgvector/pgvector:pg16\n    ports:\n      - "5432:5432"\n' +
      '  qdrant:\n    image: qdrant/qdrant:v1.9.2\n    ports:\n      - target: 6333\n        published: 6333\n',
    good:
      'services:\n  api:\n    image: ghcr.io/acme/rag-api:1.4.0\n    ports:\n      - "8000:8000"\n' +
      '  postgres:\n    image: pgvector/pgvector:pg16\n    ports:\n      - "127.0.0.1:5432:5432"\n' +
      '  qdrant:\n    image: qdrant/qdrant:v1.9.2\n    expose:\n      - "6333"\n',
    fixSafety: 'unsafe',
  },
  messages: {
    allInterfaces:
      'Database `{service}` publishes port {port} on all interfaces; bind it to 127.0.0.1, or drop it and connect over the Compose network.',
  },
  check(ctx) {
    const model = ctx.model;
    const doc = model.doc;
    // A port inherited by several services is reported once, where it is written.
    const seen = new Set<unknown>();
    for (const service of model.services) {
      // Under `network_mode: host`, `ports:` is ignored; host-network-mode reports that service.
      if (!isDatabaseService(model, service) || model.getText(service, 'network_mode') === 'host') continue;
      const ports = entry(doc, service.node, 'ports');
      if (!ports) continue;
      // A list inherited through `<<` or an alias is written elsewhere, and editing it here would change other services.
      const shared = ports.merged || isAlias(ports.value);
      for (const item of seqItems(doc, ports.value)) {
        if (seen.has(item.node)) continue;
        seen.add(item.node);
        const editable = !shared && !item.aliased;
        if (isScalar(item.node)) checkShort(ctx, service, item.node, editable);
        else if (isMap(item.node)) checkLong(ctx, service, item.node, editable);
      }
    }
  },
};
