// Every snippet, with its placeholders filled with their defaults, lints clean under DockML's own rules:
// whole-file snippets as they are, fragments inside a small clean document.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze, DocumentKind } from '../../server/src/analysis/diagnostics';
import { MemoryHost } from './memoryHost';

const SNIPPETS = path.join(__dirname, '..', '..', 'snippets');

interface Snippet {
  prefix: string;
  body: string[];
  description: string;
}

/** Expands a snippet body as VS Code would when the user accepts every default. */
export function expandSnippet(body: string[]): string {
  let text = body.join('\n');
  const values = new Map<string, string>();
  // Defaults and first choices; a placeholder's later plain uses take the same value.
  text = text.replace(/\$\{(\d+):([^}]*)\}/g, (_, n: string, value: string) => (values.set(n, value), value));
  text = text.replace(/\$\{(\d+)\|([^|]*?)(?:,[^|]*)?\|\}/g, (_, n: string, value: string) => (values.set(n, value), value));
  text = text.replace(/\$\{(\d+)\/((?:[^/\\]|\\.)*)\/((?:[^/\\]|\\.)*)\/\}/g, (_, n: string, regex: string, format: string) =>
    (values.get(n) ?? '').replace(new RegExp(regex), format.replace(/\$(\d)/g, '$$$1')),
  );
  text = text.replace(/\$(\d+)/g, (_, n: string) => values.get(n) ?? '');
  return text.replace(/\\([\\$}])/g, '$1');
}

function load(file: string): Record<string, Snippet> {
  return JSON.parse(fs.readFileSync(path.join(SNIPPETS, file), 'utf8'));
}

/** Where a fragment goes: a clean document with `@@` where the fragment is inserted. */
const DOCKERFILE_HOSTS: Record<string, string> = {
  'nonroot-debian': 'FROM python:3.12-slim\n@@\nCMD ["python", "app.py"]\n',
  'nonroot-alpine': 'FROM python:3.12-alpine\n@@\nCMD ["python", "app.py"]\n',
  'pip-cache-mount': 'FROM python:3.12-slim\nCOPY requirements.txt .\n@@\nUSER 10001\nCMD ["python", "app.py"]\n',
  'apt-cache-mount': 'FROM python:3.12-slim\n@@\nUSER 10001\nCMD ["python", "app.py"]\n',
};
const SERVICE_HOST = 'services:\n  inference:\n    image: nvcr.io/nvidia/tritonserver:24.08-py3\n    @@\n';
const COMPOSE_HOSTS: Record<string, string> = {
  'gpu-count': SERVICE_HOST,
  'gpu-device-ids': SERVICE_HOST,
  'gpus-all': SERVICE_HOST,
  'healthcheck-depends': SERVICE_HOST,
  'torch-training': 'services:\n  @@\n',
  'ml-volumes': 'services:\n  trainer:\n    image: pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime\n    volumes:\n      - models:/models\n      - checkpoints:/checkpoints\n@@\n',
};

function embed(host: string | undefined, fragment: string): string {
  if (!host) return fragment;
  const line = host.split('\n').find((l) => l.includes('@@'))!;
  const indent = line.slice(0, line.indexOf('@@'));
  return host.replace(line, fragment.trimEnd().split('\n').map((l) => (l ? indent + l : l)).join('\n'));
}

function lint(kind: DocumentKind, text: string) {
  const file = kind === 'compose' ? '/project/compose.yaml' : '/project/Dockerfile';
  const host = new MemoryHost({ '/project/.dockerignore': '.git\n', '/project/requirements.txt': 'fastapi\n', '/project/api/Dockerfile': 'FROM python:3.12-slim\nUSER 10001\nCMD ["python", "app.py"]\n' });
  const { findings, failures } = analyze({ kind, text, path: file, files: host, severity: (r) => r.severity });
  assert.deepEqual(failures, []);
  return findings.map((f) => `${f.rule} ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.message}`);
}

describe('snippets', () => {
  it('expands placeholders, choices and transforms like VS Code', () => {
    assert.equal(expandSnippet(['a ${1:x} ${1:x} $1 ${2|p,q|} ${2/^(p)$/[$1]/} $0']), 'a x x x p [p] ');
  });

  for (const [file, kind, hosts] of [
    ['dockerfile.code-snippets', 'dockerfile', DOCKERFILE_HOSTS],
    ['compose.code-snippets', 'compose', COMPOSE_HOSTS],
  ] as const) {
    describe(file, () => {
      for (const [name, snippet] of Object.entries(load(file))) {
        it(`${snippet.prefix}: ${name}`, () => {
          assert.ok(snippet.description.length > 0);
          const text = embed(hosts[snippet.prefix], expandSnippet(snippet.body));
          assert.deepEqual(lint(kind, text), [], text);
        });
      }
    });
  }

  it('has unique prefixes across all snippet files', () => {
    const prefixes = fs.readdirSync(SNIPPETS).flatMap((f) => Object.values(load(f)).map((s) => s.prefix));
    assert.equal(new Set(prefixes).size, prefixes.length);
  });

  it('keeps data, weights and secrets out of the context in the .dockerignore snippet', () => {
    const text = expandSnippet(Object.values(load('dockerignore.code-snippets'))[0].body);
    for (const pattern of ['.git', '.env', 'data/', 'checkpoints/', '*.safetensors', '.venv']) assert.ok(text.split('\n').includes(pattern), pattern);
  });
});
