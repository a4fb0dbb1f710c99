// Tests of the "split into builder and runtime stages" refactor on realistic single-image Dockerfiles:
// the exact text it produces, that the text parses, and that the shipped stage no longer builds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/diagnostics';
import { DockerfileModel } from '../../server/src/dockerfile/model';
import { splitStage } from '../../server/src/dockerfile/split';
import { rule as buildTools } from '../../server/src/rules/dockerfile/build-tools-in-final-stage';
import { applyEdits } from '../../server/src/text';
import { MemoryHost } from './memoryHost';

function split(text: string): string | undefined {
  const model = new DockerfileModel(text);
  const edits = model.finalStage && splitStage(model, model.finalStage);
  return edits && applyEdits(text, edits);
}

const cases: { name: string; before: string; after: string }[] = [
  {
    name: 'a Python API on the full image: /usr/local and the WORKDIR are copied to the slim image',
    before: [
      'FROM python:3.11',
      '# Image metadata.',
      'LABEL org.opencontainers.image.title="sentiment-api"',
      'ENV PYTHONUNBUFFERED=1',
      'WORKDIR /app',
      'RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'COPY requirements.txt .',
      'RUN pip install --no-cache-dir -r requirements.txt',
      'COPY . .',
      'EXPOSE 8000',
      'CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]',
      '',
    ].join('\n'),
    after: [
      'FROM python:3.11 AS builder',
      'ENV PYTHONUNBUFFERED=1',
      'WORKDIR /app',
      'RUN apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'COPY requirements.txt .',
      'RUN pip install --no-cache-dir -r requirements.txt',
      'COPY . .',
      '',
      'FROM python:3.11-slim',
      'ENV PYTHONUNBUFFERED=1',
      'WORKDIR /app',
      'COPY --from=builder /usr/local /usr/local',
      'COPY --from=builder /app /app',
      "# Install here the system packages the application needs at run time: the builder's are not copied.",
      '# Image metadata.',
      'LABEL org.opencontainers.image.title="sentiment-api"',
      'EXPOSE 8000',
      'CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]',
      '',
    ].join('\n'),
  },
  {
    name: 'a CUDA devel image with a virtual environment: the runtime variant, the venv and the WORKDIR',
    before: [
      'ARG CUDA=12.1.1',
      'FROM nvidia/cuda:${CUDA}-cudnn8-devel-ubuntu22.04',
      'ENV VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:$PATH',
      'RUN apt-get update && apt-get install -y --no-install-recommends python3-venv python3-dev gcc \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'RUN python3 -m venv /opt/venv',
      'WORKDIR /workspace',
      'COPY requirements.txt .',
      'RUN pip install --no-cache-dir -r requirements.txt',
      'COPY src/ src/',
      'ENTRYPOINT ["python", "-m", "src.serve"]',
      '',
    ].join('\n'),
    after: [
      'ARG CUDA=12.1.1',
      'FROM nvidia/cuda:${CUDA}-cudnn8-devel-ubuntu22.04 AS builder',
      'ENV VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:$PATH',
      'RUN apt-get update && apt-get install -y --no-install-recommends python3-venv python3-dev gcc \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'RUN python3 -m venv /opt/venv',
      'WORKDIR /workspace',
      'COPY requirements.txt .',
      'RUN pip install --no-cache-dir -r requirements.txt',
      'COPY src/ src/',
      '',
      'FROM nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04',
      'ENV VIRTUAL_ENV=/opt/venv PATH=/opt/venv/bin:$PATH',
      'WORKDIR /workspace',
      'COPY --from=builder /opt/venv /opt/venv',
      'COPY --from=builder /workspace /workspace',
      '# Copy any other build outputs from the builder stage here.',
      "# Install here the system packages the application needs at run time: the builder's are not copied.",
      'ENTRYPOINT ["python", "-m", "src.serve"]',
      '',
    ].join('\n'),
  },
  {
    name: 'lower-case keywords, a named stage, a user: the name is kept and the user created again',
    before: [
      'from python:3.10 as app',
      'run useradd --create-home --uid 1000 app',
      'workdir /home/app',
      'user app',
      'run pip install --user --no-cache-dir gunicorn flask pytest',
      'copy --chown=app:app . .',
      'run pytest -q tests',
      '# Serve on 5000.',
      'expose 5000',
      'stopsignal SIGINT',
      'cmd ["gunicorn", "-b", "0.0.0.0:5000", "app:app"]',
    ].join('\n'),
    after: [
      'from python:3.10 as app',
      'run useradd --create-home --uid 1000 app',
      'workdir /home/app',
      'user app',
      'run pip install --user --no-cache-dir gunicorn flask pytest',
      'copy --chown=app:app . .',
      'run pytest -q tests',
      '',
      'from python:3.10-slim',
      'run useradd --create-home --uid 1000 app',
      'workdir /home/app',
      'copy --from=app /usr/local /usr/local',
      'copy --from=app /home/app /home/app',
      'user app',
      '# Serve on 5000.',
      'expose 5000',
      'stopsignal SIGINT',
      'cmd ["gunicorn", "-b", "0.0.0.0:5000", "app:app"]',
    ].join('\n'),
  },
  {
    name: 'a final stage after a frontend stage named builder: the new builder is builder2',
    before: [
      'FROM node:20 AS builder',
      'WORKDIR /ui',
      'COPY ui/ .',
      'RUN npm ci && npm run build',
      '',
      'FROM --platform=linux/amd64 python:3.12-bookworm',
      'WORKDIR /srv',
      'RUN apt-get update && apt-get install -y --no-install-recommends g++ && rm -rf /var/lib/apt/lists/*',
      'COPY requirements.txt .',
      'RUN pip install --no-cache-dir -r requirements.txt',
      'COPY --from=builder /ui/dist ./static',
      'COPY app.py .',
      'VOLUME /srv/cache',
      '',
      '# The server reads MODEL_DIR.',
      'CMD ["python", "app.py"]',
      '',
    ].join('\n'),
    after: [
      'FROM node:20 AS builder',
      'WORKDIR /ui',
      'COPY ui/ .',
      'RUN npm ci && npm run build',
      '',
      'FROM --platform=linux/amd64 python:3.12-bookworm AS builder2',
      'WORKDIR /srv',
      'RUN apt-get update && apt-get install -y --no-install-recommends g++ && rm -rf /var/lib/apt/lists/*',
      'COPY requirements.txt .',
      'RUN pip install --no-cache-dir -r requirements.txt',
      'COPY --from=builder /ui/dist ./static',
      'COPY app.py .',
      '',
      'FROM --platform=linux/amd64 python:3.12-slim-bookworm',
      'WORKDIR /srv',
      'COPY --from=builder2 /usr/local /usr/local',
      'COPY --from=builder2 /srv /srv',
      "# Install here the system packages the application needs at run time: the builder's are not copied.",
      'VOLUME /srv/cache',
      '# The server reads MODEL_DIR.',
      'CMD ["python", "app.py"]',
      '',
    ].join('\n'),
  },
];

describe('splitStage', () => {
  for (const c of cases) {
    it(c.name, () => {
      const after = split(c.before);
      assert.equal(after, c.after);
      const before = new DockerfileModel(c.before);
      const model = new DockerfileModel(after!);
      assert.equal(model.stages.length, before.stages.length + 1, 'one stage more');
      assert.ok(model.finalStage!.instructions.every((i) => i.keyword !== 'RUN' || !/apt-get|pip|pytest/.test(i.argsText)), 'the runtime stage builds nothing');
      const findings = analyze({ kind: 'dockerfile', text: after!, path: '/project/Dockerfile', files: new MemoryHost(), rules: [buildTools], severity: (r) => r.severity }).findings;
      assert.deepEqual(findings.map((f) => f.messageId), [], 'the shipped stage no longer installs build tools');
    });
  }

  it('keeps CRLF line breaks', () => {
    const before = 'FROM python:3.11\r\nWORKDIR /app\r\nRUN pip install --no-cache-dir pytest\r\nCMD ["python", "-m", "app"]\r\n';
    assert.equal(
      split(before),
      'FROM python:3.11 AS builder\r\nWORKDIR /app\r\nRUN pip install --no-cache-dir pytest\r\n\r\n' +
        'FROM python:3.11-slim\r\nWORKDIR /app\r\nCOPY --from=builder /usr/local /usr/local\r\nCOPY --from=builder /app /app\r\nCMD ["python", "-m", "app"]\r\n',
    );
  });

  it('copies nothing but adds the reminder when there is no WORKDIR', () => {
    assert.equal(
      split('FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends make\nCMD ["/usr/local/bin/serve"]\n'),
      'FROM ubuntu:22.04 AS builder\nRUN apt-get update && apt-get install -y --no-install-recommends make\n\n' +
        'FROM ubuntu:22.04\n# Copy any other build outputs from the builder stage here.\n' +
        "# Install here the system packages the application needs at run time: the builder's are not copied.\n" +
        'CMD ["/usr/local/bin/serve"]\n',
    );
  });

  it('repeats the ARGs that the carried instructions use', () => {
    assert.equal(
      split('FROM python:3.11\nARG APP=/srv/app\nARG APPX=1\nENV HOME_DIR=${APP}\nWORKDIR $APP\nRUN pip install --no-cache-dir pytest\nCMD ["python", "-m", "app"]\n'),
      'FROM python:3.11 AS builder\nARG APP=/srv/app\nARG APPX=1\nENV HOME_DIR=${APP}\nWORKDIR $APP\nRUN pip install --no-cache-dir pytest\n\n' +
        'FROM python:3.11-slim\nARG APP=/srv/app\nENV HOME_DIR=${APP}\nWORKDIR $APP\nCOPY --from=builder /usr/local /usr/local\nCOPY --from=builder $APP $APP\nCMD ["python", "-m", "app"]\n',
    );
  });

  it('declines a stage built on another stage, and a stage that is not the final one', () => {
    assert.equal(split('FROM python:3.11 AS base\nRUN pip install torch\nFROM base\nRUN apt-get install -y gcc'), undefined);
    const model = new DockerfileModel('FROM python:3.11 AS deps\nRUN pip install torch\nFROM python:3.11-slim\nCOPY --from=deps /usr/local /usr/local');
    assert.equal(splitStage(model, model.stages[0]), undefined);
  });

  it('never throws on half-typed input', () => {
    for (const text of ['', 'FROM', 'FROM python:3.11\nWORKDIR', 'FROM python:3.11\nCMD', 'from\nrun']) {
      const model = new DockerfileModel(text);
      if (model.finalStage) splitStage(model, model.finalStage);
    }
  });
});
