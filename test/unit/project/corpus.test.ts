// On the real-world corpus (../shared/corpus, 28 repositories), the directory scan finds every file whose text is a
// Dockerfile or a Compose document, whatever its name; a failure lists each file it skipped. Skipped without the corpus.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { it } from 'node:test';
import { looksLikeCompose, looksLikeDockerfile } from '../../../server/src/project/kind';
import { scanDirectory, SKIPPED_DIRECTORIES } from '../../../server/src/project/scan';

const CORPUS = path.join(__dirname, '..', '..', '..', '..', 'shared', 'corpus');

/** Every file under `dir` whose text reads as a Dockerfile or a Compose document, by content alone. */
function byContent(dir: string, found: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) byContent(full, found);
    } else if (entry.isFile() && fs.statSync(full).size < 1024 * 1024) {
      const text = fs.readFileSync(full, 'utf8');
      if (looksLikeDockerfile(text) || (/\.ya?ml$/i.test(entry.name) && looksLikeCompose(text))) found.push(full);
    }
  }
  return found;
}

it('the scan of the corpus finds every Dockerfile and Compose file in it', { skip: !fs.existsSync(CORPUS) && 'no corpus at ../shared/corpus' }, (t) => {
  const scanned = scanDirectory(CORPUS);
  const found = new Set(scanned.map((f) => path.resolve(f.file)));
  const expected = byContent(CORPUS);
  const skipped = expected.filter((file) => !found.has(path.resolve(file))).map((file) => path.relative(CORPUS, file));
  t.diagnostic(`${expected.length} files by content; the scan finds ${scanned.length}: ${scanned.filter((f) => f.kind === 'dockerfile').length} Dockerfiles, ${scanned.filter((f) => f.kind === 'compose').length} Compose files`);
  assert.deepEqual(skipped, [], `the scan skips ${skipped.length} files:\n${skipped.join('\n')}`);
  // The files the corpus README names: Compose files whose names do not follow Compose's own conventions.
  for (const name of ['NVIDIA-AI-Blueprints__rag/deploy/compose/nims.yaml', 'NVIDIA-AI-Blueprints__rag/deploy/compose/docker-compose-rag-server.yaml']) {
    assert.ok(scanned.some((f) => f.kind === 'compose' && path.relative(CORPUS, f.file) === name), name);
  }
  assert.ok(!scanned.some((f) => /\.github\/workflows\/|mkdocs\.ya?ml$|\.dockerignore$|\.md$/.test(f.file)), 'no workflow, mkdocs, ignore file or Markdown');
});
