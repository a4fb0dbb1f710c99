// Analyses leave nothing behind for the young-generation garbage collector to copy: a model lives only as long as
// its analysis. When a module-level WeakMap kept results that referred back to their model (an instruction's
// install commands, a model's roles), V8's minor collector could not free them, every model was promoted to the old
// generation, and each minor collection copied megabytes: typing into a 57-line Dockerfile stalled for 10-25 ms
// every 30 edits in the language server.
import assert from 'node:assert/strict';
import { Session } from 'node:inspector';
import { describe, it } from 'node:test';
import { composeShapes } from '../../bench/corpus';
import { analyze, type DocumentKind } from '../../server/src/analysis/diagnostics';
import { ComposeModel } from '../../server/src/compose/model';
import { memoized, memoKey } from '../../server/src/support/memo';
import { MemoryHost } from './memoryHost';

const DOCUMENTS: Record<DocumentKind, string> = {
  dockerfile: [
    'FROM python:3.12 AS build',
    'WORKDIR /app',
    'ENV PIP_NO_CACHE_DIR=1',
    'COPY requirements.txt .',
    'RUN apt-get update && apt-get install -y gcc && pip install -r requirements.txt',
    'COPY src /app/src',
    'RUN cd /app/src && pip install .',
    'FROM python:3.12-slim',
    'COPY --from=build /app /app',
    'CMD ["python", "-m", "app"]',
  ].join('\n'),
  compose: [
    'x-gpu: &gpu',
    '  deploy:',
    '    resources:',
    '      reservations:',
    '        devices: [{driver: nvidia, count: 1, capabilities: [gpu]}]',
    'services:',
    '  api:',
    '    <<: *gpu',
    '    build: .',
    '    depends_on: [db]',
    '    networks: [back]',
    '  db:',
    '    image: postgres:16',
    '    environment: {POSTGRES_PASSWORD: secret}',
    'networks:',
    '  back: {}',
  ].join('\n'),
};

/** Bytes promoted per analysis, at most. */
const LIMIT: Record<DocumentKind, number> = { dockerfile: 15_000, compose: 20_000 };

/**
 * Bytes (sampled) allocated while `run` ran that outlived the young generation and were freed only by a full
 * collection: what the minor collector had to copy and promote for nothing.
 */
function promotedGarbage(run: () => void): Promise<number> {
  return sampledBytes({ samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: false }, run, false);
}

/** Bytes (sampled) allocated while `make` ran that are still alive after a full collection, with its result held. */
function liveBytes(make: () => unknown): Promise<number> {
  return sampledBytes({ samplingInterval: 16_384 }, make, true);
}

/** The bytes the sampling heap profiler counts for what `run` allocates, after a full collection when `collect`. */
async function sampledBytes(sampling: object, run: () => unknown, collect: boolean): Promise<number> {
  const session = new Session();
  session.connect();
  const post = <T>(method: string, params?: object) =>
    new Promise<T>((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
  interface ProfileNode {
    selfSize: number;
    children: ProfileNode[];
  }
  try {
    await post('HeapProfiler.enable');
    await post('HeapProfiler.startSampling', sampling);
    const held = run();
    if (collect) await post('HeapProfiler.collectGarbage');
    const { profile } = await post<{ profile: { head: ProfileNode } }>('HeapProfiler.stopSampling');
    let total = 0;
    const stack = [profile.head];
    while (stack.length > 0) {
      const node = stack.pop()!;
      total += node.selfSize;
      for (const child of node.children) stack.push(child);
    }
    // Held until the profile is read, so that the collection above cannot free it.
    void held;
    return total;
  } finally {
    session.disconnect();
  }
}

describe('memory of analyses', () => {
  for (const kind of ['dockerfile', 'compose'] as const) {
    it(`a ${kind} model is freed by the young generation's collector, not promoted`, async () => {
      const path = kind === 'dockerfile' ? '/nowhere/Dockerfile' : '/nowhere/compose.yaml';
      const analyses = 1500;
      const files = new MemoryHost();
      const once = (i: number) => analyze({ kind, text: `${DOCUMENTS[kind]}\n# edit ${i}\n`, path, files, severity: (rule) => rule.severity });
      for (let i = 0; i < 200; i++) once(i);
      const promoted = await promotedGarbage(() => {
        for (let i = 0; i < analyses; i++) once(i);
      });
      // With the models promoted this was 30-36 KB per analysis of either file; what remains (4 KB and 12 KB) is
      // the analysis that a minor collection interrupts.
      assert.ok(promoted / analyses < LIMIT[kind], `${(promoted / analyses / 1000).toFixed(1)} KB promoted per analysis`);
    });
  }

  it('a 1 MB Compose file keeps less than 25 MB alive while it is analysed', { timeout: 60_000 }, async () => {
    // Every object a large model keeps alive is copied by each minor collection during its analysis: with the yaml
    // library's nodes (a range array each, properties defined one by one), an entry object per key and every position
    // worked out in advance, these models kept 34 MB (services) and 40 MB (merge keys) alive; now about 15 MB.
    for (const { name, text } of composeShapes(1_000_000).filter((s) => /many services|merge keys/.test(s.name))) {
      const live = await liveBytes(() => {
        const model = new ComposeModel(text);
        analyze({ kind: 'compose', text, path: '/nowhere/compose.yaml', files: new MemoryHost(), severity: (rule) => rule.severity, model });
        return model;
      });
      assert.ok(live < 25_000_000, `${name}: ${(live / 1e6).toFixed(1)} MB alive`);
    }
  });

  it('memoized results are computed once per object and kept on it, out of sight of its keys', () => {
    const key = memoKey<number[]>('test');
    const owner = { name: 'x' };
    let computed = 0;
    const first = memoized(owner, key, () => [++computed]);
    assert.equal(memoized(owner, key, () => [++computed]), first);
    assert.equal(computed, 1);
    assert.deepEqual(Object.keys(owner), ['name']);
    assert.deepEqual({ ...owner }, { name: 'x' });
    assert.equal(JSON.stringify(owner), '{"name":"x"}');
  });
});
