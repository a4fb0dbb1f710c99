// A real cache miss explained by a static rule on the throwaway engine: `COPY . .` before an install, a copied file
// changed, and the first miss on that COPY names copy-all-before-install, whose finding the analysis reports there.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Dockerode from 'dockerode';
import { analyze } from '../../../server/src/analysis/diagnostics';
import { DiskFileHost } from '../../../server/src/analysis/documents';
import { buildImage } from '../../../client/src/build/build';
import { explainingRules, missHover, StepRecorder, StepResult, summarize } from '../../../client/src/build/results';
import { engineSkip, ensureImage, IMAGE, rawDocker, testEngine } from '../harness';

const DOCKERFILE = `FROM ${IMAGE}
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt || echo "no pip in busybox"
`;

describe('cache miss links to the static rules', { skip: engineSkip }, () => {
  let docker: Dockerode;
  let dir: string;
  const tag = `dockml-rule-links-test:${process.pid}`;

  before(async () => {
    docker = rawDocker(testEngine());
    await ensureImage(docker);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-rule-links-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
    fs.writeFileSync(path.join(dir, 'requirements.txt'), 'numpy\n');
    fs.writeFileSync(path.join(dir, 'train.py'), `print(${Date.now()})\n`);
  });
  after(async () => {
    await docker.getImage(tag).remove({ force: true }).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const build = async (previous?: StepResult[]) => {
    const recorder = new StepRecorder();
    const result = await buildImage(docker, { dockerfile: path.join(dir, 'Dockerfile'), contextDir: dir, tag }, recorder);
    return summarize(docker, result.imageId, DOCKERFILE, recorder.steps, previous);
  };

  it('says "see copy-all-before-install" when editing code rebuilt the install below COPY . .', async () => {
    const first = await build();
    fs.writeFileSync(path.join(dir, 'train.py'), 'print("changed")\n');
    const second = await build(first.steps);
    const miss = second.steps.find((s) => s.step === second.firstMiss?.step);
    assert.equal(miss?.line, 2, 'the first miss is the COPY . .');
    assert.equal(second.firstMiss?.reason, 'the files it copies changed');

    const findings = analyze({ kind: 'dockerfile', text: DOCKERFILE, path: path.join(dir, 'Dockerfile'), files: new DiskFileHost(), severity: (r) => r.severity }).findings;
    const rules = explainingRules(second, findings.map((f) => ({ rule: f.rule, line: f.range.start.line })));
    assert.deepEqual(rules, ['copy-all-before-install']);
    assert.match(missHover(second, rules, (rule) => `dockml-rule:/${rule}.md`), /See \[copy-all-before-install\]\(dockml-rule:\/copy-all-before-install\.md\)\.$/);
  });
});
