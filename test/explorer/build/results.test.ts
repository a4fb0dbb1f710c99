// Per-line build results on the throwaway engine: a RUN that writes 50 MB shows about 50 MB on its line; changing a
// copied file rebuilds from that COPY down, and the first miss says why; an unchanged rebuild is all cache.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Dockerode from 'dockerode';
import { buildImage } from '../../../client/src/build/build';
import { BuildSummary, firstMissText, instructionLines, StepRecorder, stepHint, StepResult, summarize, summaryHover } from '../../../client/src/build/results';
import { formatBytes } from '../../../server/src/project/contextSize';
import { engineSkip, ensureImage, IMAGE, rawDocker, testEngine } from '../harness';

const DOCKERFILE = `# The app and 50 MB of zeros
FROM ${IMAGE}
COPY app.txt /app.txt
RUN head -c 50000000 /dev/zero > /big && \\
    echo wrote
RUN echo done
`;

describe('per-line build results', { skip: engineSkip }, () => {
  let docker: Dockerode;
  let dir: string;
  const tag = `dockml-results-test:${process.pid}`;

  before(async () => {
    docker = rawDocker(testEngine());
    await ensureImage(docker);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-results-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), DOCKERFILE);
    fs.writeFileSync(path.join(dir, 'app.txt'), `version ${process.pid}-${Date.now()}\n`);
  });
  after(async () => {
    await docker.getImage(tag).remove({ force: true }).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const build = async (previous?: StepResult[]): Promise<BuildSummary> => {
    const recorder = new StepRecorder();
    const result = await buildImage(docker, { dockerfile: path.join(dir, 'Dockerfile'), contextDir: dir, tag }, recorder);
    return summarize(docker, result.imageId, DOCKERFILE, recorder.steps, previous);
  };
  const byLine = (summary: BuildSummary) => Object.fromEntries(summary.steps.filter((s) => s.line !== undefined).map((s) => [s.line!, s]));

  it('finds where each instruction starts', () => {
    assert.deepEqual(instructionLines(DOCKERFILE), [1, 2, 3, 5]);
  });

  it('puts the 50 MB layer on its RUN line, and says what changing a copied file rebuilt', async () => {
    const first = await build();
    const run = byLine(first)[3];
    assert.match(run.instruction, /^RUN head -c 50000000/);
    assert.ok(run.bytes !== undefined && run.bytes >= 49_000_000 && run.bytes <= 52_000_000, `the RUN line shows about 50 MB: ${run.bytes}`);
    assert.equal(byLine(first)[2].bytes, fs.statSync(path.join(dir, 'app.txt')).size, 'the COPY line shows the copied bytes');
    assert.equal(byLine(first)[1].bytes, undefined, "the FROM line shows no layer: the base image's are not this Dockerfile's");

    const unchanged = await build(first.steps);
    assert.deepEqual(unchanged.steps.filter((s) => s.line !== undefined && s.line > 1).map((s) => s.cached), [true, true, true], 'all from the cache');
    assert.equal(unchanged.firstMiss, undefined);
    assert.equal(unchanged.rebuiltBytes, 0);

    fs.writeFileSync(path.join(dir, 'app.txt'), `changed ${Date.now()}\n`);
    const changed = await build(unchanged.steps);
    const lines = byLine(changed);
    assert.deepEqual([lines[2].cached, lines[3].cached, lines[5].cached], [false, false, false], 'rebuilt from the COPY down');
    assert.deepEqual(changed.firstMiss, { step: 2, reason: 'the files it copies changed' });
    assert.ok(changed.rebuiltBytes >= 49_000_000, `the change rebuilt the 50 MB layer: ${changed.rebuiltBytes}`);

    // What the editor shows on each line, and in the hover of the final FROM.
    assert.match(stepHint(lines[2]), /^\d+ B · \d+\.\d s · rebuilt$/);
    assert.equal(firstMissText(changed), `First cache miss: the files it copies changed · this change rebuilt ${formatBytes(changed.rebuiltBytes)}`);
    assert.equal(firstMissText(unchanged), undefined);
    assert.match(stepHint(lines[3]), /^50\.\d MB · \d+\.\d s · rebuilt$/);
    assert.match(stepHint(byLine(unchanged)[3]), /^50\.\d MB · \d+\.\d s · cached$/);
    // The FROM line takes the base image: never "rebuilt", even when every other line came from the cache.
    assert.match(stepHint(byLine(unchanged)[1]), /^\d+\.\d s · base image$/);
    // Every hint fits VS Code's default inlay hint length (editor.inlayHints.maximumLength, 43), so none is cut.
    for (const step of [...changed.steps, ...unchanged.steps]) assert.ok(stepHint(step).length <= 43, `cut in the editor: ${stepHint(step)}`);
    const hover = summaryHover(changed, tag, 52_000_000);
    assert.match(hover, /^\*\*Last build: `dockml-results-test:\d+`\*\*, 52\.0 MB in all\n\nLargest layers:\n- line 4: 50\.\d MB `RUN head -c 50000000/);
  });
});
