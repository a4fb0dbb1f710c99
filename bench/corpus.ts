// The benchmark's inputs: every Dockerfile and Compose file of ../shared/corpus (found the way the CLI finds
// them), and large files generated at run time (never committed) for the linear-cost points.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DocumentKind } from '../server/src/analysis/diagnostics';
import { kindOfPath } from '../server/src/analysis/documents';

export const ROOT = path.resolve(__dirname, '..');
export const CORPUS = path.resolve(ROOT, '..', 'shared', 'corpus');

export interface CorpusFile {
  file: string;
  kind: DocumentKind;
  text: string;
  bytes: number;
}

/** Every file the CLI would lint under `dir`, in the CLI's order, skipping node_modules and .git. */
export function corpusFiles(dir = CORPUS): CorpusFile[] {
  const found: CorpusFile[] = [];
  const walk = (d: string) => {
    const entries = fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '.git') walk(full);
      } else if (entry.isFile()) {
        const kind = kindOfPath(entry.name);
        if (kind) {
          const text = fs.readFileSync(full, 'utf8');
          found.push({ file: full, kind, text, bytes: Buffer.byteLength(text) });
        }
      }
    }
  };
  walk(dir);
  return found;
}

/**
 * A Dockerfile of about `instructions` instructions, in the mix real ML Dockerfiles have: multi-stage,
 * multi-line RUNs with package installs, COPY, ENV, ARG, comments and a heredoc now and then.
 */
export function largeDockerfile(instructions: number): string {
  const out: string[] = ['# syntax=docker/dockerfile:1', 'ARG PYTHON_VERSION=3.11', 'FROM python:${PYTHON_VERSION}-slim AS builder'];
  let count = 3;
  for (let i = 0; count < instructions; i++) {
    switch (i % 10) {
      case 0:
        out.push(`RUN apt-get update && apt-get install -y --no-install-recommends \\\n    build-essential curl git-${i} \\\n    && rm -rf /var/lib/apt/lists/*`);
        break;
      case 1:
        out.push(`ENV APP_HOME_${i}=/srv/app PATH=/srv/app/bin:$PATH`);
        break;
      case 2:
        out.push(`COPY requirements-${i}.txt ./`);
        break;
      case 3:
        out.push(`RUN pip install --no-cache-dir -r requirements-${i}.txt torch==2.3.1 numpy`);
        break;
      case 4:
        out.push(`# Stage part ${i}: download and check the assets.`);
        out.push(`ARG ASSET_${i}=v${i}`);
        break;
      case 5:
        out.push(`WORKDIR /srv/app/${i}`);
        break;
      case 6:
        out.push(`RUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir pkg${i}`);
        break;
      case 7:
        out.push(`COPY --chown=app:app src/${i} /srv/app/src/${i}`);
        break;
      case 8:
        out.push(`RUN <<EOF\nset -eux\necho step ${i}\nEOF`);
        break;
      case 9:
        out.push(`LABEL org.example.step${i}="value ${i}"`);
        break;
    }
    count++;
  }
  out.push('FROM python:3.11-slim', 'COPY --from=builder /srv/app /srv/app', 'USER 1000', 'CMD ["python", "-m", "app"]');
  return out.join('\n') + '\n';
}

/** A Dockerfile of about `lines` lines, in the same mix as `largeDockerfile`. */
export function largeDockerfileLines(lines: number): string {
  const sample = largeDockerfile(1000);
  const perInstruction = (sample.split('\n').length - 1) / 1000;
  return largeDockerfile(Math.max(10, Math.round(lines / perInstruction)));
}

/** A Compose file of about `lines` lines: services with images, ports, volumes, networks and depends_on. */
export function largeCompose(lines: number): string {
  const services = Math.max(1, Math.floor(lines / 16));
  const out: string[] = ['services:'];
  for (let i = 0; i < services; i++) {
    out.push(
      `  svc${i}:`,
      `    image: registry.example.com/team/svc${i}:1.${i % 20}.0`,
      `    restart: unless-stopped`,
      `    ports:`,
      `      - "127.0.0.1:${20000 + (i % 40000)}:8080"`,
      `    environment:`,
      `      LOG_LEVEL: info`,
      `      REPLICA: "${i}"`,
      `    volumes:`,
      `      - data${i % 50}:/var/lib/data`,
      `    networks: [backend]`,
      `    depends_on:`,
      `      - svc${Math.max(0, i - 1)}`,
    );
  }
  out.push('networks:', '  backend: {}', 'volumes:');
  for (let i = 0; i < Math.min(50, services); i++) out.push(`  data${i}: {}`);
  return out.join('\n') + '\n';
}

/**
 * A Compose file of about `bytes` bytes in the shape heavy users of merge keys write: `anchors` `x-` blocks, each
 * merging the one before (nested merges), and services that each merge `perService` of them with
 * `<<: [*a, *b, …]` and override some keys. Merge keys once cost the square of this file's size.
 */
export function mergeHeavyCompose(bytes: number, anchors = 40, perService = 4): string {
  const out: string[] = [];
  for (let i = 0; i < anchors; i++) {
    out.push(`x-common-${i}: &common${i}`);
    if (i > 0) out.push(`  <<: *common${i - 1}`);
    out.push(`  restart: unless-stopped`, `  environment:`, `    FEATURE_${i}: "on"`, `  labels:`, `    com.example.tier${i}: backend`, `  logging:`, `    driver: json-file`);
  }
  out.push('services:');
  let size = out.join('\n').length;
  for (let s = 0; size < bytes; s++) {
    const refs = Array.from({ length: perService }, (_, k) => `*common${(s * 7 + k * 13) % anchors}`).join(', ');
    const service = [
      `  svc${s}:`,
      `    <<: [${refs}]`,
      `    image: registry.example.com/team/svc${s}:1.${s % 20}.0`,
      `    ports:`,
      `      - "127.0.0.1:${20000 + (s % 40000)}:8080"`,
      `    volumes:`,
      `      - data${s % 10}:/var/lib/data`,
      `    depends_on: [svc${Math.max(0, s - 1)}]`,
    ];
    out.push(...service);
    size += service.join('\n').length + 1;
  }
  out.push('volumes:');
  for (let i = 0; i < 10; i++) out.push(`  data${i}: {}`);
  return out.join('\n') + '\n';
}

/** `head`, then as many `unit(i)` as fit within `bytes` (ASCII), then `tail`. */
function fill(bytes: number, head: string, unit: (i: number) => string, tail = ''): string {
  const parts = [head];
  let size = head.length + tail.length;
  for (let i = 0; ; i++) {
    const next = unit(i);
    if (size + next.length > bytes) break;
    parts.push(next);
    size += next.length;
  }
  parts.push(tail);
  return parts.join('');
}

/**
 * Compose files of at most `bytes` bytes in the shapes that load a YAML analysis differently: many services, deep
 * nesting, one long list, one mapping of many keys, merge keys over chained anchors, one huge string, and many small
 * documents. The bench times them at 1 MB and the fuzz tests check that their cost grows in proportion to the size.
 */
export function composeShapes(bytes: number): { name: string; text: string }[] {
  const nested = (i: number) => Array.from({ length: 40 }, (_, d) => `${' '.repeat(6 + 2 * d)}level${d}:\n`).join('') + `${' '.repeat(86)}value: ${i}\n`;
  return [
    {
      name: 'many services',
      text: fill(
        bytes,
        'services:\n',
        (i) =>
          `  svc${i}:\n    image: registry.example.com/team/svc${i}:1.${i % 20}.0\n    restart: unless-stopped\n    ports:\n      - "127.0.0.1:${20000 + i}:8080"\n` +
          `    environment:\n      LOG_LEVEL: info\n    volumes:\n      - data:/var/lib/data\n    networks: [backend]\n    depends_on: [svc${Math.max(0, i - 1)}]\n`,
        'networks:\n  backend: {}\nvolumes:\n  data: {}\n',
      ),
    },
    { name: 'deep nesting (40 levels per service)', text: fill(bytes, 'services:\n', (i) => `  svc${i}:\n    image: redis:7\n    x-nested:\n${nested(i)}`) },
    { name: 'one long list', text: fill(bytes, 'services:\n  app:\n    image: redis:7\n    environment:\n', (i) => `      - VARIABLE_${i}=value ${i}\n`) },
    { name: 'one mapping of many keys', text: fill(bytes, 'services:\n  app:\n    image: redis:7\n    environment:\n', (i) => `      VARIABLE_${i}: "value ${i}"\n`) },
    { name: 'merge keys over 200 chained anchors', text: mergeHeavyCompose(bytes - 1000, 200) },
    { name: 'one huge string', text: fill(bytes, 'services:\n  app:\n    image: redis:7\n    command: "', (i) => `word${i % 10} `, '"\n') },
    { name: 'many small documents', text: fill(bytes, '', (i) => `---\nservices:\n  svc${i}:\n    image: redis:7\n`) },
  ];
}
