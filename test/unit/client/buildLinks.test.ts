// What the build results add around a cache miss and a Compose service: the static rules that explain the first
// miss (a finding on or above its line), the hover that links them, and where each service's Build image lens goes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serviceBuildKeys } from '../../../client/src/build/serviceKeys';
import { BuildSummary, explainingRules, missHover } from '../../../client/src/build/results';

const summary: BuildSummary = {
  steps: [
    { step: 1, instruction: 'FROM busybox', line: 0, cached: true, ms: 0 },
    { step: 2, instruction: 'COPY . /app', line: 2, cached: false, ms: 10, bytes: 1_000 },
    { step: 3, instruction: 'RUN pip install -r /app/requirements.txt', line: 3, cached: false, ms: 10, bytes: 3_400_000_000 },
  ],
  firstMiss: { step: 2, reason: 'the files it copies changed' },
  rebuiltBytes: 3_400_001_000,
};

describe('cache miss links to the static rules', () => {
  it('names the explaining rules with a finding on or above the missed line, nearest first, once each', () => {
    const findings = [
      { rule: 'model-weights-in-image', line: 1 },
      { rule: 'copy-all-before-install', line: 2 },
      { rule: 'copy-all-before-install', line: 1 },
      { rule: 'pip-no-cache-dir', line: 2 },
      { rule: 'model-weights-in-image', line: 3 },
    ];
    assert.deepEqual(explainingRules(summary, findings), ['copy-all-before-install', 'model-weights-in-image']);
    assert.deepEqual(explainingRules(summary, [{ rule: 'copy-all-before-install', line: 3 }]), [], 'a finding below the miss explains nothing');
    assert.deepEqual(explainingRules({ ...summary, firstMiss: undefined }, findings), []);
  });

  it('says why in the hover and links each rule', () => {
    const text = missHover(summary, ['copy-all-before-install'], (rule) => `command:show?${rule}`);
    assert.equal(
      text,
      '**First cache miss of the last build**: the files it copies changed. This change rebuilt 3.4 GB. See [copy-all-before-install](command:show?copy-all-before-install).',
    );
    assert.doesNotMatch(missHover(summary, [], String), /See/);
  });
});

describe('Build image lens on Compose services', () => {
  it("puts one on each service's build: key, short and long form", () => {
    const text = ['services:', '  web:', '    image: nginx', '  train:', '    build: ./train', '  serve:', '    image: x', '    build:', '      context: .', ''].join('\n');
    assert.deepEqual(serviceBuildKeys(text), [
      { service: 'train', line: 4, character: 4 },
      { service: 'serve', line: 7, character: 4 },
    ]);
    assert.deepEqual(serviceBuildKeys('not: [compose'), []);
  });
});
