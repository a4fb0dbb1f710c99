// Image history read as Dockerfile lines: what the classic builder and BuildKit record, cleaned to the line a user
// wrote; a stage matched from the newest entry up, only when sure; and, on the throwaway engine, the newest local
// image built from a Dockerfile outside the editor found with about 50 MB on its RUN line, and none for an unrelated one.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type Dockerode from 'dockerode';
import {
  dockerfileOfImage,
  dockerfileStages,
  findLocalImage,
  historyInstruction,
  imageLines,
  localImageHover,
  matchHistory,
  trustMatch,
} from '../../../client/src/build/history';
import { buildImage, engineSkip, ensureImage, IMAGE, rawDocker, testEngine } from '../harness';

const entry = (CreatedBy: string, Size = 0) => ({ Id: '<missing>', CreatedBy, Size });

describe('history entries as Dockerfile lines', () => {
  it('cleans what the classic builder records', () => {
    assert.equal(historyInstruction(entry('/bin/sh -c #(nop)  CMD ["sh" "-c" "echo"]')), 'CMD ["sh" "-c" "echo"]');
    const hash = '336615d49de9976dab63b0802630d074b02616492a7c4081ffc3110ad10d266d';
    assert.equal(historyInstruction(entry(`/bin/sh -c #(nop) COPY file:${hash} in /app/ `)), 'COPY file:336615d49de9… in /app/');
    assert.equal(historyInstruction(entry('/bin/sh -c head -c 1000 /dev/zero > /big')), 'RUN head -c 1000 /dev/zero > /big');
    assert.equal(historyInstruction(entry('|2 V=2 W=3 /bin/sh -c pip install torch==$V')), 'RUN pip install torch==$V');
    assert.equal(historyInstruction(entry('|1 V=2 echo hi')), 'RUN echo hi');
    assert.equal(historyInstruction({ CreatedBy: '', Comment: 'Imported from -' }), '(Imported from -)');
    // After a SHELL instruction, the classic builder records every step after that shell.
    assert.equal(historyInstruction(entry('/bin/sh -e -c #(nop)  SHELL [/bin/sh -e -c]')), 'SHELL [/bin/sh -e -c]');
    assert.equal(historyInstruction(entry('/bin/bash -o pipefail -c #(nop) WORKDIR /app')), 'WORKDIR /app');
  });

  it('cleans what BuildKit records', () => {
    assert.equal(historyInstruction(entry('RUN /bin/sh -c pip install -r requirements.txt # buildkit')), 'RUN pip install -r requirements.txt');
    assert.equal(historyInstruction(entry('RUN |1 TORCH=2.3.0 /bin/sh -c pip install torch==${TORCH} # buildkit')), 'RUN pip install torch==${TORCH}');
    assert.equal(historyInstruction(entry('COPY --from=builder /opt/venv /opt/venv # buildkit')), 'COPY --from=builder /opt/venv /opt/venv');
    assert.equal(historyInstruction(entry('WORKDIR /app')), 'WORKDIR /app');
    assert.equal(historyInstruction(entry('ENV PATH=/opt/venv/bin:/usr/bin')), 'ENV PATH=/opt/venv/bin:/usr/bin');
  });
});

describe('matching a stage against a history', () => {
  const text = `FROM python:3.12 AS builder
RUN pip wheel -w /w torch
FROM python:3.12-slim
ARG TORCH=2.3.0
WORKDIR /app
COPY --from=builder /w /w
RUN pip install /w/*.whl && \\
    rm -rf /w
COPY . .
CMD ["python", "train.py"]
`;
  const stage = dockerfileStages(text).at(-1)!;
  // Newest first, as GET /images/{id}/history answers; the base image's entries below the stage's.
  const buildkit = [
    entry('CMD ["python" "train.py"]'),
    entry('COPY . . # buildkit', 12_000),
    entry('RUN |1 TORCH=2.3.0 /bin/sh -c pip install /w/*.whl &&     rm -rf /w # buildkit', 2_400_000_000),
    entry('COPY --from=builder /w /w # buildkit', 800_000_000),
    entry('WORKDIR /app'),
    entry('ARG TORCH=2.3.0'),
    entry('CMD ["python3"]'),
    entry('RUN /bin/sh -c apt-get update # buildkit', 30_000_000),
  ];
  const classic = [
    entry('/bin/sh -c #(nop)  LABEL dockml.dockerfile=/w/Dockerfile'),
    entry('/bin/sh -c #(nop)  CMD ["python" "train.py"]'),
    entry('/bin/sh -c #(nop) COPY dir:abc in . ', 12_000),
    entry('|1 TORCH=2.3.0 /bin/sh -c pip install /w/*.whl &&     rm -rf /w', 2_400_000_000),
    entry('/bin/sh -c #(nop) COPY dir:def in /w ', 800_000_000),
    entry('/bin/sh -c #(nop) WORKDIR /app'),
    entry('/bin/sh -c #(nop)  ARG TORCH=2.3.0'),
    entry('/bin/sh -c #(nop)  CMD ["python3"]'),
  ];

  it('puts each BuildKit entry on the line that made it, the base image on none', () => {
    const match = matchHistory(buildkit, stage);
    assert.deepEqual([...match.lines], [[0, 9], [1, 8], [2, 6], [3, 5], [4, 4], [5, 3]]);
    assert.equal(match.complete, true);
    assert.equal(match.byText, 3);
    assert.equal(match.fromLine, 2);
    assert.ok(trustMatch(match, false));
  });

  it('passes over the labels a classic build adds on top, and matches COPY by its destination', () => {
    const match = matchHistory(classic, stage);
    assert.deepEqual([...match.lines], [[1, 9], [2, 8], [3, 6], [4, 5], [5, 4], [6, 3]]);
    assert.ok(trustMatch(match, false));
  });

  it('matches the steps after a SHELL by the shell it set, and a COPY whose destination uses a variable by its kind', () => {
    const shelled = dockerfileStages(`FROM busybox\nENV D=/data\nCOPY app.txt $D/\nSHELL ["/bin/sh", "-e", "-c"]\nRUN echo shell\n`).at(-1)!;
    // As the classic builder of Docker 20.10 recorded this Dockerfile.
    const recorded = [
      entry('/bin/sh -e -c echo shell'),
      entry('/bin/sh -e -c #(nop)  SHELL [/bin/sh -e -c]'),
      entry('/bin/sh -c #(nop) COPY file:3366 in /data/ ', 6),
      entry('/bin/sh -c #(nop)  ENV D=/data'),
    ];
    const match = matchHistory(recorded, shelled);
    assert.deepEqual([...match.lines], [[0, 4], [1, 3], [2, 2], [3, 1]]);
    assert.equal(match.byText, 1, 'the RUN by its text, the COPY by its kind');
  });

  it('names no line when a RUN differs, unless a label says the image came from this file', () => {
    const edited = dockerfileStages(text.replace('rm -rf /w', 'rm -rf /w /tmp/*')).at(-1)!;
    const match = matchHistory(buildkit, edited);
    assert.deepEqual([...match.lines], [[0, 9], [1, 8]], 'matched from the end up to the edited RUN');
    assert.equal(match.complete, false);
    assert.equal(trustMatch(match, false), false, 'an unlabelled image that differs names no line');
    assert.equal(trustMatch(match, true), true, 'a labelled one keeps the lines below the edit');
    assert.equal(trustMatch(matchHistory(buildkit.slice(1).map(() => entry('CMD ["sh"]')), stage), true), false, 'kinds alone are not enough');
  });

  it('chooses the Dockerfile of an image by its label, or the single one its history matches', () => {
    const same = { file: '/a/Dockerfile', stages: dockerfileStages(text) };
    const copy = { file: '/b/Dockerfile', stages: dockerfileStages(text) };
    const other = { file: '/c/Dockerfile', stages: dockerfileStages(`FROM busybox\nRUN echo other\n`) };
    assert.equal(dockerfileOfImage(buildkit, undefined, [same, other])?.file, '/a/Dockerfile');
    assert.equal(dockerfileOfImage(buildkit, undefined, [same, copy, other]), undefined, 'two that match equally name none');
    assert.equal(dockerfileOfImage(buildkit, { 'dockml.dockerfile': '/b/Dockerfile' }, [same, copy])?.file, '/b/Dockerfile');
    // A label inherited from a base image DockML built names another Dockerfile; the history still finds its own.
    assert.equal(dockerfileOfImage(buildkit, { 'dockml.dockerfile': '/c/Dockerfile' }, [same, other])?.file, '/a/Dockerfile');
    assert.equal(dockerfileOfImage(buildkit, { 'dockml.dockerfile': '/c/Dockerfile' }, [other]), undefined, 'nothing when the history fits no file');
  });
});

describe('results for a local image built outside the editor', { skip: engineSkip }, () => {
  let docker: Dockerode;
  let dir: string;
  const tag = `dockml-history-test:${process.pid}`;
  const unrelated = `dockml-history-other:${process.pid}`;
  const text = `FROM ${IMAGE}
WORKDIR /data
RUN head -c 50000000 /dev/zero > /data/zeros
COPY note.txt /data/
`;

  before(async () => {
    docker = rawDocker(testEngine());
    await ensureImage(docker);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dockml-history-'));
    fs.writeFileSync(path.join(dir, 'Dockerfile'), text);
    fs.writeFileSync(path.join(dir, 'Other.Dockerfile'), `FROM ${IMAGE}\nRUN echo unrelated-${process.pid} > /x\n`);
    fs.writeFileSync(path.join(dir, 'note.txt'), `note ${process.pid}\n`);
    // Plain Engine API builds, as `docker build` runs them: no DockML label.
    for (const [file, name] of [['Dockerfile', tag], ['Other.Dockerfile', unrelated]]) {
      const result = await buildImage(docker, dir, file, name);
      assert.equal(result.error, undefined, result.log);
    }
  });
  after(async () => {
    for (const name of [tag, unrelated]) await docker.getImage(name).remove({ force: true }).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds the newest image built from the Dockerfile and puts about 50 MB on the RUN line', async () => {
    const found = await findLocalImage(testEngine(), path.join(dir, 'Dockerfile'), text);
    assert.ok(found, 'an image was found');
    assert.deepEqual(found.image.RepoTags, [tag], 'the newer unrelated image is passed over');
    assert.equal(found.labelled, false);
    const lines = imageLines(found, text)!;
    const run = lines.layers.find((l) => l.line === 2)!;
    assert.ok(run.bytes >= 49_000_000 && run.bytes <= 51_000_000, `about 50 MB on line 3: ${run.bytes}`);
    assert.equal(lines.layers.find((l) => l.line === 3)!.bytes, fs.statSync(path.join(dir, 'note.txt')).size);
    assert.equal(lines.fromLine, 0);
    assert.match(localImageHover(found, lines), new RegExp(`^\\*\\*Local image \`${tag}\`\\*\\*, 5\\d(\\.\\d+)? MB in all \\(the newest whose history matches this Dockerfile\\)\n\nLargest layers:\n- line 3: 50(\\.0)? MB \`RUN head -c 50000000`));

    // The hints follow the file as edited: a line inserted above moves them; an edited RUN ends them.
    const moved = imageLines(found, `# a comment\n${text}`)!;
    assert.ok(moved.layers.some((l) => l.line === 3 && l.bytes >= 49_000_000));
    assert.equal(imageLines(found, text.replace('50000000', '40000000')), undefined);
  });

  it('finds nothing for a Dockerfile no local image was built from', async () => {
    const never = `FROM ${IMAGE}\nRUN echo never-built-${process.pid}\n`;
    assert.equal(await findLocalImage(testEngine(), path.join(dir, 'Never.Dockerfile'), never), undefined);
  });
});
