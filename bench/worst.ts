// Worst-case inputs, timed in-process and through the CLI: merge-key-heavy Compose files, a long heredoc, one huge
// RUN line, and files above the size caps. Run with `node --import tsx bench/worst.ts [WORD]` (after `npm run build`
// for the CLI column; WORD keeps the shapes whose name contains it, such as `Compose`); the figures go into
// docs/benchmarks.md, "Worst cases". Not part of `npm run bench`'s targets.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildEngine } from './build';
import { largeCompose, mergeHeavyCompose } from './corpus';
import { CLI, timeProcess } from './processes';

const SHAPES: { name: string; kind: 'dockerfile' | 'compose'; file: string; text: () => string }[] = [
  { name: 'Compose, merge keys, 19 KB', kind: 'compose', file: 'compose.yaml', text: () => mergeHeavyCompose(19_000) },
  { name: 'Compose, merge keys, 38 KB', kind: 'compose', file: 'compose.yaml', text: () => mergeHeavyCompose(38_000) },
  { name: 'Compose, merge keys, 1 MB (200 anchors)', kind: 'compose', file: 'compose.yaml', text: () => mergeHeavyCompose(1_000_000, 200) },
  { name: 'Compose, 3,500 plain services, 1 MB', kind: 'compose', file: 'compose.yaml', text: () => largeCompose(56_000) },
  {
    name: 'Compose, one environment mapping of 25,000 keys, 1 MB',
    kind: 'compose',
    file: 'compose.yaml',
    text: () => 'services:\n  app:\n    image: redis:7\n    environment:\n' + Array.from({ length: 25_000 }, (_, i) => `      VARIABLE_${i}: "value ${i}"\n`).join(''),
  },
  { name: 'Dockerfile, heredoc of 150,000 lines', kind: 'dockerfile', file: 'Dockerfile', text: () => 'FROM python:3.11-slim\nRUN <<EOF\n' + 'apt-get install -y curl\n'.repeat(150_000) + 'EOF\n' },
  { name: 'Dockerfile, one RUN line of 20,000 commands (420 KB)', kind: 'dockerfile', file: 'Dockerfile', text: () => 'FROM python:3.11-slim\nRUN ' + 'pip install numpy && '.repeat(20_000) + 'true\n' },
  { name: 'Dockerfile, one RUN line of 10 MB (above the cap)', kind: 'dockerfile', file: 'Dockerfile', text: () => 'FROM python:3.11-slim\nRUN ' + 'pip install numpy && '.repeat(500_000) + 'true\n' },
  { name: 'Dockerfile, 1.3 million one-line RUNs (above the cap)', kind: 'dockerfile', file: 'Dockerfile', text: () => 'FROM python:3.11-slim\n' + 'RUN a\n'.repeat(1_300_000) },
];

async function main(): Promise<void> {
  const { engine } = await buildEngine();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-worst-'));
  const withCli = fs.existsSync(CLI);
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; CLI ${withCli ? CLI : 'not built'}`);
  const only = process.argv[2];
  for (const shape of SHAPES.filter((s) => only === undefined || s.name.includes(only))) {
    const text = shape.text();
    const file = path.join(dir, shape.file);
    fs.writeFileSync(file, text);
    const times: number[] = [];
    let findings = 0;
    for (let round = 0; round < 3; round++) {
      const started = performance.now();
      const analysis = engine.analyze({ kind: shape.kind, text, path: file, files: new engine.DiskFileHost(), severity: (r) => r.severity });
      times.push(performance.now() - started);
      findings = analysis.findings.length;
    }
    const cli = withCli ? timeProcess([CLI, 'lint', '--format', 'json', '--fail-on', 'never', file], 1).ms : NaN;
    const kb = Buffer.byteLength(text) / 1024;
    console.log(`${shape.name} | ${kb.toFixed(0)} KB | in-process ${Math.min(...times).toFixed(0)} ms (best of 3) | CLI ${cli.toFixed(0)} ms | ${findings} findings`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
