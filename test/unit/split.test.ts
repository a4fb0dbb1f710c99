// Tests of the "split into builder and runtime stages" refactor on realistic single-image Dockerfiles:
// the exact text it produces, that the runtime stage builds nothing and carries no secret, that weights
// stay reported, that a Compose `build.target` keeps its meaning, and the inputs it declines.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/diagnostics';
import { DockerfileModel } from '../../server/src/dockerfile/model';
import { splitStage } from '../../server/src/dockerfile/split';
import { rule as buildTargetUnknown } from '../../server/src/rules/compose/build-target-unknown';
import { rule as buildTools } from '../../server/src/rules/dockerfile/build-tools-in-final-stage';
import { rule as modelWeights } from '../../server/src/rules/dockerfile/model-weights-in-image';
import { rule as secrets } from '../../server/src/rules/dockerfile/secret-in-env-or-arg';
import type { Rule } from '../../server/src/rules/types';
import { applyEdits } from '../../server/src/text';
import { MemoryHost } from './memoryHost';

/** The text after the split, `declined: <reason>`, or undefined when the refactor does not apply. */
function split(text: string): string | undefined {
  const model = new DockerfileModel(text);
  const result = model.finalStage && splitStage(model, model.finalStage);
  return result && ('edits' in result ? applyEdits(text, result.edits) : `declined: ${result.declined}`);
}

/** The lines a rule reports on in a Dockerfile. */
function reportedLines(rule: Rule, text: string, files = new MemoryHost()): number[] {
  const { findings } = analyze({ kind: 'dockerfile', text, path: '/project/Dockerfile', files, rules: [rule], severity: (r) => r.severity });
  return findings.map((f) => f.range.start.line);
}

const cases: { name: string; before: string; after: string }[] = [
  {
    name: 'a model server on python:3.11: a venv before the pip install, runtime libraries again, weights and app copied, the token left behind',
    before: [
      'FROM python:3.11',
      '# Image metadata.',
      'LABEL org.opencontainers.image.title="sentiment-api"',
      'RUN apt-get update && apt-get install -y --no-install-recommends build-essential libgomp1 ffmpeg libpq-dev \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'WORKDIR /app',
      'COPY requirements.txt .',
      'RUN pip install --no-cache-dir -r requirements.txt',
      'COPY . .',
      'COPY model.safetensors /models/',
      'ENV HF_TOKEN=hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ MODEL_DIR=/models',
      'EXPOSE 8000',
      "HEALTHCHECK CMD python -c \"import urllib.request; urllib.request.urlopen('http://localhost:8000/health')\"",
      'CMD ["python", "serve.py"]',
      '',
    ].join('\n'),
    after: [
      'FROM python:3.11 AS builder',
      'RUN apt-get update && apt-get install -y --no-install-recommends build-essential libgomp1 ffmpeg libpq-dev \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'WORKDIR /app',
      'COPY requirements.txt .',
      'RUN python -m venv /opt/venv',
      'ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"',
      'RUN pip install --no-cache-dir -r requirements.txt',
      'COPY . .',
      'COPY model.safetensors /models/',
      'ENV HF_TOKEN=hf_aBcDeFgHiJkLmNoPqRsTuVwXyZ MODEL_DIR=/models',
      '',
      'FROM python:3.11-slim AS runtime',
      'WORKDIR /app',
      'ENV MODEL_DIR=/models',
      'RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 ffmpeg && rm -rf /var/lib/apt/lists/*',
      '# The builder installed the headers `libpq-dev`: install here the run-time libraries behind them, if the application loads them.',
      'COPY --from=builder /opt/venv /opt/venv',
      'ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"',
      'COPY --from=builder /models/model.safetensors /models/model.safetensors',
      'COPY --from=builder /app /app',
      '# Image metadata.',
      'LABEL org.opencontainers.image.title="sentiment-api"',
      'EXPOSE 8000',
      "HEALTHCHECK CMD python -c \"import urllib.request; urllib.request.urlopen('http://localhost:8000/health')\"",
      'CMD ["python", "serve.py"]',
      '',
    ].join('\n'),
  },
  {
    name: 'CUDA devel with apt Python: python3-venv added, the runtime variant reinstalls python3 and libsndfile1, the secret ARG stays',
    before: [
      'ARG CUDA=12.1.1',
      'FROM nvidia/cuda:${CUDA}-cudnn8-devel-ubuntu22.04',
      'ARG HF_TOKEN=hf_abcdefghijklmnopqrstu',
      'ARG DEBIAN_FRONTEND=noninteractive',
      'ENV DEBIAN_FRONTEND=${DEBIAN_FRONTEND}',
      'RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-pip python3-dev gcc libsndfile1 \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'WORKDIR /workspace',
      'COPY requirements.txt .',
      'RUN pip3 install --no-cache-dir -r requirements.txt',
      'RUN huggingface-cli download --token $HF_TOKEN org/model --local-dir /workspace/model',
      'COPY src/ src/',
      'ENTRYPOINT ["python3", "-m", "src.serve"]',
      '',
    ].join('\n'),
    after: [
      'ARG CUDA=12.1.1',
      'FROM nvidia/cuda:${CUDA}-cudnn8-devel-ubuntu22.04 AS builder',
      'ARG HF_TOKEN=hf_abcdefghijklmnopqrstu',
      'ARG DEBIAN_FRONTEND=noninteractive',
      'ENV DEBIAN_FRONTEND=${DEBIAN_FRONTEND}',
      'RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-venv python3-pip python3-dev gcc libsndfile1 \\',
      '    && rm -rf /var/lib/apt/lists/*',
      'WORKDIR /workspace',
      'COPY requirements.txt .',
      'RUN python3 -m venv /opt/venv',
      'ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"',
      'RUN pip3 install --no-cache-dir -r requirements.txt',
      'RUN huggingface-cli download --token $HF_TOKEN org/model --local-dir /workspace/model',
      'COPY src/ src/',
      '',
      'FROM nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04 AS runtime',
      'ARG DEBIAN_FRONTEND=noninteractive',
      'ENV DEBIAN_FRONTEND=${DEBIAN_FRONTEND}',
      'WORKDIR /workspace',
      'RUN apt-get update && apt-get install -y --no-install-recommends python3 libsndfile1 && rm -rf /var/lib/apt/lists/*',
      'COPY --from=builder /opt/venv /opt/venv',
      'ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"',
      'COPY --from=builder /workspace /workspace',
      'ENTRYPOINT ["python3", "-m", "src.serve"]',
      '',
    ].join('\n'),
  },
  {
    name: 'a virtual environment already present in a named stage: copied whole, and the runtime stage keeps the name',
    before: [
      'FROM python:3.12-bookworm AS app',
      'ENV VIRTUAL_ENV=/opt/venv',
      'RUN python -m venv $VIRTUAL_ENV',
      'ENV PATH="$VIRTUAL_ENV/bin:$PATH"',
      'RUN apt-get update && apt-get install -y --no-install-recommends g++ && rm -rf /var/lib/apt/lists/*',
      'WORKDIR /srv',
      'COPY requirements.txt .',
      'RUN pip install --no-cache-dir -r requirements.txt',
      'COPY app.py .',
      'USER 10001',
      'CMD ["python", "app.py"]',
      '',
    ].join('\n'),
    after: [
      'FROM python:3.12-bookworm AS builder',
      'ENV VIRTUAL_ENV=/opt/venv',
      'RUN python -m venv $VIRTUAL_ENV',
      'ENV PATH="$VIRTUAL_ENV/bin:$PATH"',
      'RUN apt-get update && apt-get install -y --no-install-recommends g++ && rm -rf /var/lib/apt/lists/*',
      'WORKDIR /srv',
      'COPY requirements.txt .',
      'RUN pip install --no-cache-dir -r requirements.txt',
      'COPY app.py .',
      '',
      'FROM python:3.12-slim-bookworm AS app',
      'ENV VIRTUAL_ENV=/opt/venv',
      'ENV PATH="$VIRTUAL_ENV/bin:$PATH"',
      'WORKDIR /srv',
      'COPY --from=builder /opt/venv /opt/venv',
      'COPY --from=builder /srv /srv',
      'USER 10001',
      'CMD ["python", "app.py"]',
      '',
    ].join('\n'),
  },
  {
    name: 'a PyTorch devel image: its conda installation is copied whole into the runtime variant',
    before: [
      'FROM pytorch/pytorch:2.5.1-cuda12.4-cudnn9-devel',
      'RUN conda install -y -c conda-forge faiss-gpu && conda clean -afy',
      'RUN pip install --no-cache-dir flash-attn --no-build-isolation',
      'WORKDIR /workspace',
      'COPY . .',
      'CMD ["python", "train.py"]',
      '',
    ].join('\n'),
    after: [
      'FROM pytorch/pytorch:2.5.1-cuda12.4-cudnn9-devel AS builder',
      'RUN conda install -y -c conda-forge faiss-gpu && conda clean -afy',
      'RUN pip install --no-cache-dir flash-attn --no-build-isolation',
      'WORKDIR /workspace',
      'COPY . .',
      '',
      'FROM pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime AS runtime',
      'WORKDIR /workspace',
      'COPY --from=builder /opt/conda /opt/conda',
      'COPY --from=builder /workspace /workspace',
      'CMD ["python", "train.py"]',
      '',
    ].join('\n'),
  },
  {
    name: 'a Miniconda base: /opt/conda copied, files copied into /tmp not, the API key left behind',
    before: [
      'FROM continuumio/miniconda3:24.1.2-0',
      'COPY environment.yml /tmp/',
      'RUN conda env create -f /tmp/environment.yml && conda clean -afy',
      'COPY serve.py /opt/app/serve.py',
      'ENV OPENAI_API_KEY=sk-abcdefabcdefabcdef',
      'CMD ["conda", "run", "-n", "serve", "python", "/opt/app/serve.py"]',
      '',
    ].join('\n'),
    after: [
      'FROM continuumio/miniconda3:24.1.2-0 AS builder',
      'COPY environment.yml /tmp/',
      'RUN conda env create -f /tmp/environment.yml && conda clean -afy',
      'COPY serve.py /opt/app/serve.py',
      'ENV OPENAI_API_KEY=sk-abcdefabcdefabcdef',
      '',
      'FROM continuumio/miniconda3:24.1.2-0 AS runtime',
      'COPY --from=builder /opt/conda /opt/conda',
      'COPY --from=builder /opt/app/serve.py /opt/app/serve.py',
      '# Copy any other build outputs from the builder stage here.',
      'CMD ["conda", "run", "-n", "serve", "python", "/opt/app/serve.py"]',
      '',
    ].join('\n'),
  },
  {
    name: 'lower-case keywords and pip --user at home: the user is created again and the home copied',
    before: [
      'from python:3.10',
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
      'from python:3.10 as builder',
      'run useradd --create-home --uid 1000 app',
      'workdir /home/app',
      'user app',
      'run pip install --user --no-cache-dir gunicorn flask pytest',
      'copy --chown=app:app . .',
      'run pytest -q tests',
      '',
      'from python:3.10-slim as runtime',
      'run useradd --create-home --uid 1000 app',
      'workdir /home/app',
      'copy --from=builder /home/app /home/app',
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
      'RUN python -m venv /opt/venv',
      'ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"',
      'RUN pip install --no-cache-dir -r requirements.txt',
      'COPY --from=builder /ui/dist ./static',
      'COPY app.py .',
      '',
      'FROM --platform=linux/amd64 python:3.12-slim-bookworm AS runtime',
      'WORKDIR /srv',
      'COPY --from=builder2 /opt/venv /opt/venv',
      'ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"',
      'COPY --from=builder2 /srv /srv',
      'VOLUME /srv/cache',
      '# The server reads MODEL_DIR.',
      'CMD ["python", "app.py"]',
      '',
    ].join('\n'),
  },
  {
    name: 'pip --prefix on a Python image: the prefix lands in /usr/local, files copied outside the WORKDIR follow',
    before: [
      'FROM python:3.11-bookworm',
      'RUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*',
      'COPY requirements.txt /',
      'RUN pip install --no-cache-dir --prefix=/install -r /requirements.txt',
      'COPY app/ /app/',
      'COPY entrypoint.sh /usr/local/bin/',
      'ENTRYPOINT ["entrypoint.sh"]',
      '',
    ].join('\n'),
    after: [
      'FROM python:3.11-bookworm AS builder',
      'RUN apt-get update && apt-get install -y --no-install-recommends gcc && rm -rf /var/lib/apt/lists/*',
      'COPY requirements.txt /',
      'RUN pip install --no-cache-dir --prefix=/install -r /requirements.txt',
      'COPY app/ /app/',
      'COPY entrypoint.sh /usr/local/bin/',
      '',
      'FROM python:3.11-slim-bookworm AS runtime',
      'COPY --from=builder /install /usr/local',
      'COPY --from=builder /requirements.txt /requirements.txt',
      'COPY --from=builder /app /app',
      'COPY --from=builder /usr/local/bin/entrypoint.sh /usr/local/bin/entrypoint.sh',
      '# Copy any other build outputs from the builder stage here.',
      'ENTRYPOINT ["entrypoint.sh"]',
      '',
    ].join('\n'),
  },
];

/** Short inputs and the exact text after the split. */
const short: { name: string; before: string; after: string }[] = [
  {
    name: 'keeps CRLF line breaks',
    before: 'FROM python:3.11\r\nWORKDIR /app\r\nRUN pip install --no-cache-dir fastapi\r\nCMD ["python", "-m", "app"]\r\n',
    after:
      'FROM python:3.11 AS builder\r\nWORKDIR /app\r\nRUN python -m venv /opt/venv\r\nENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"\r\nRUN pip install --no-cache-dir fastapi\r\n\r\n' +
      'FROM python:3.11-slim AS runtime\r\nWORKDIR /app\r\nCOPY --from=builder /opt/venv /opt/venv\r\nENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"\r\n' +
      'COPY --from=builder /app /app\r\nCMD ["python", "-m", "app"]\r\n',
  },
  {
    name: 'installs the system packages again and reminds of other outputs when there is no WORKDIR',
    before: 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y --no-install-recommends make libgomp1=12.3.0-1ubuntu1 && make -C /src\nCMD ["/usr/local/bin/serve"]\n',
    after:
      'FROM ubuntu:22.04 AS builder\nRUN apt-get update && apt-get install -y --no-install-recommends make libgomp1=12.3.0-1ubuntu1 && make -C /src\n\n' +
      'FROM ubuntu:22.04 AS runtime\nRUN apt-get update && apt-get install -y --no-install-recommends libgomp1=12.3.0-1ubuntu1 && rm -rf /var/lib/apt/lists/*\n' +
      '# Copy any other build outputs from the builder stage here.\nCMD ["/usr/local/bin/serve"]\n',
  },
  {
    name: 'installs apk packages again on Alpine',
    before: 'FROM alpine:3.20\nRUN apk add --no-cache build-base openblas-dev libstdc++\nWORKDIR /srv\nCOPY . .\nCMD ["./serve"]\n',
    after:
      'FROM alpine:3.20 AS builder\nRUN apk add --no-cache build-base openblas-dev libstdc++\nWORKDIR /srv\nCOPY . .\n\n' +
      'FROM alpine:3.20 AS runtime\nWORKDIR /srv\nRUN apk add --no-cache libstdc++\n' +
      '# The builder installed the headers `openblas-dev`: install here the run-time libraries behind them, if the application loads them.\n' +
      'COPY --from=builder /srv /srv\nCMD ["./serve"]\n',
  },
  {
    name: 'repeats the ARGs that the carried instructions use, and never a secret one',
    before: 'FROM python:3.11\nARG APP=/srv/app\nARG APPX=1\nARG API_TOKEN=abc123secret\nENV HOME_DIR=${APP} API_TOKEN=${API_TOKEN}\nWORKDIR $APP\nRUN pip install --no-cache-dir fastapi\nCMD ["python", "-m", "app"]\n',
    after:
      'FROM python:3.11 AS builder\nARG APP=/srv/app\nARG APPX=1\nARG API_TOKEN=abc123secret\nENV HOME_DIR=${APP} API_TOKEN=${API_TOKEN}\nWORKDIR $APP\n' +
      'RUN python -m venv /opt/venv\nENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"\nRUN pip install --no-cache-dir fastapi\n\n' +
      'FROM python:3.11-slim AS runtime\nARG APP=/srv/app\nENV HOME_DIR=${APP}\nWORKDIR $APP\nCOPY --from=builder /opt/venv /opt/venv\n' +
      'ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"\nCOPY --from=builder $APP $APP\nCMD ["python", "-m", "app"]\n',
  },
  {
    name: 'Python from apt without a `python3` word: python3-venv beside python3-dev, and python3 in the runtime stage',
    before: 'FROM nvidia/cuda:12.4.0-runtime-ubuntu22.04\nRUN apt-get update && apt-get install -y --no-install-recommends python3-dev pip && rm -rf /var/lib/apt/lists/*\nRUN pip install -r requirements.txt\nCMD ["python3", "train.py"]\n',
    after: 'FROM nvidia/cuda:12.4.0-runtime-ubuntu22.04 AS builder\nRUN apt-get update && apt-get install -y --no-install-recommends python3-dev python3-venv pip && rm -rf /var/lib/apt/lists/*\nRUN python3 -m venv /opt/venv\nENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"\nRUN pip install -r requirements.txt\n\nFROM nvidia/cuda:12.4.0-runtime-ubuntu22.04 AS runtime\nRUN apt-get update && apt-get install -y --no-install-recommends python3 && rm -rf /var/lib/apt/lists/*\nCOPY --from=builder /opt/venv /opt/venv\nENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"\n# Copy any other build outputs from the builder stage here.\nCMD ["python3", "train.py"]\n',
  },
  {
    name: 'Alpine Python: its venv needs no extra package; py3-pip stays in the builder',
    before: 'FROM alpine:3.20\nRUN apk add --no-cache python3 py3-pip gcc musl-dev libgomp\nRUN pip install --no-cache-dir --break-system-packages numpy\nCMD ["python3", "-m", "app"]\n',
    after: 'FROM alpine:3.20 AS builder\nRUN apk add --no-cache python3 py3-pip gcc musl-dev libgomp\nRUN python3 -m venv /opt/venv\nENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"\nRUN pip install --no-cache-dir --break-system-packages numpy\n\nFROM alpine:3.20 AS runtime\nRUN apk add --no-cache python3 libgomp\n# The builder installed the headers `musl-dev`: install here the run-time libraries behind them, if the application loads them.\nCOPY --from=builder /opt/venv /opt/venv\nENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"\n# Copy any other build outputs from the builder stage here.\nCMD ["python3", "-m", "app"]\n',
  },
  {
    name: 'a venv made by an interpreter named through a build argument is found and copied',
    before: 'ARG PYTHON_VERSION=3.11\nFROM ubuntu:22.04\nRUN apt-get update && apt-get install -y python$PYTHON_VERSION python$PYTHON_VERSION-venv\nRUN python$PYTHON_VERSION -m venv /home/venv\nENV PATH="/home/venv/bin:$PATH"\nRUN pip install torchserve\nCMD ["torchserve"]\n',
    after: 'ARG PYTHON_VERSION=3.11\nFROM ubuntu:22.04 AS builder\nRUN apt-get update && apt-get install -y python$PYTHON_VERSION python$PYTHON_VERSION-venv\nRUN python$PYTHON_VERSION -m venv /home/venv\nENV PATH="/home/venv/bin:$PATH"\nRUN pip install torchserve\n\nFROM ubuntu:22.04 AS runtime\nENV PATH="/home/venv/bin:$PATH"\nRUN apt-get update && apt-get install -y --no-install-recommends python$PYTHON_VERSION python$PYTHON_VERSION-venv && rm -rf /var/lib/apt/lists/*\nCOPY --from=builder /home/venv /home/venv\n# Copy any other build outputs from the builder stage here.\nCMD ["torchserve"]\n',
  },
];

describe('splitStage', () => {
  for (const c of cases) {
    it(c.name, () => {
      const after = split(c.before);
      assert.equal(after, c.after);
      const before = new DockerfileModel(c.before);
      const model = new DockerfileModel(after!);
      const runtime = model.finalStage!;
      assert.equal(model.stages.length, before.stages.length + 1, 'one stage more');
      assert.ok(runtime.instructions.every((i) => i.keyword !== 'RUN' || !/pip|conda|pytest|gcc|g\+\+|build-essential/.test(i.argsText)), 'the runtime stage builds nothing');
      assert.deepEqual(reportedLines(buildTools, after!), [], 'the shipped stage no longer installs build tools');
      const runtimeStart = runtime.from.range.start.line;
      assert.deepEqual(reportedLines(secrets, after!).filter((line) => line >= runtimeStart), [], 'no secret is copied into the runtime stage');
      assert.equal(reportedLines(modelWeights, after!).length, reportedLines(modelWeights, c.before).length, 'weights stay reported');
    });
  }

  for (const c of short) {
    it(c.name, () => assert.equal(split(c.before), c.after));
  }

  it('keeps the meaning of a Compose build.target: `runtime` for an unnamed stage, the old name for a named one', () => {
    const compose = (target: string) => `services:\n  api:\n    build:\n      context: .\n      target: ${target}\n`;
    const targetFindings = (dockerfile: string, target: string) =>
      analyze({
        kind: 'compose',
        text: compose(target),
        path: '/project/compose.yaml',
        files: new MemoryHost({ '/project/Dockerfile': dockerfile, '/project/compose.yaml': compose(target) }),
        rules: [buildTargetUnknown],
        severity: (r) => r.severity,
      }).findings.length;
    const unnamed = 'FROM python:3.11\nWORKDIR /app\nRUN pip install --no-cache-dir fastapi\nCMD ["python", "-m", "app"]\n';
    assert.equal(targetFindings(unnamed, 'runtime'), 1, 'no runtime stage before the split');
    assert.equal(targetFindings(split(unnamed)!, 'runtime'), 0);
    const splitModel = new DockerfileModel(split(unnamed)!);
    assert.equal(splitModel.stageRef('runtime'), splitModel.finalStage);

    const named = 'FROM python:3.11 AS app\nWORKDIR /app\nRUN pip install --no-cache-dir fastapi\nCMD ["python", "-m", "app"]\n';
    assert.equal(targetFindings(split(named)!, 'app'), 0);
    const namedModel = new DockerfileModel(split(named)!);
    assert.equal(namedModel.stageRef('app'), namedModel.finalStage, '`target: app` still builds the shipped image');
  });

  it('declines, with the reason, where the Python packages could not be found again', () => {
    assert.equal(split('FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y wget\nRUN conda install -y numpy\nCMD ["python"]\n'), 'declined: DockML does not know where this image keeps its conda environments: create them with `conda create -p /opt/env`, then split.');
    assert.equal(split('FROM python:3.11\nRUN pip install --no-cache-dir numpy\nRUN pip install --user --no-cache-dir pandas\nCMD ["python"]\n'), 'declined: Some pip installs use `--user` and others do not: install every package the same way, then split.');
    assert.equal(
      split('FROM ubuntu:22.04\nRUN pip install --no-cache-dir numpy\nCMD ["python3"]\n'),
      'declined: DockML does not know which Python this image runs: create a virtual environment (`python3 -m venv /opt/venv`) before the pip installs, then split.',
    );
    assert.match(split('FROM ubuntu:22.04\nRUN pip install --prefix=/install numpy\nCMD ["python3"]\n')!, /^declined: .*--prefix \/install/);
  });

  it('does not apply to a stage built on another stage, or to a stage that is not the final one', () => {
    assert.equal(split('FROM python:3.11 AS base\nRUN pip install torch\nFROM base\nRUN apt-get install -y gcc'), undefined);
    const model = new DockerfileModel('FROM python:3.11 AS deps\nRUN pip install torch\nFROM python:3.11-slim\nCOPY --from=deps /usr/local /usr/local');
    assert.equal(splitStage(model, model.stages[0]), undefined);
  });

  it('never throws on half-typed input', () => {
    for (const text of ['', 'FROM', 'FROM python:3.11\nWORKDIR', 'FROM python:3.11\nCMD', 'from\nrun', 'FROM python:3.11\nCOPY --from=', 'FROM python:3.11\nENV', 'FROM python:3.11\nRUN pip install --prefix', 'FROM x\nRUN conda create -p']) {
      const model = new DockerfileModel(text);
      if (model.finalStage) splitStage(model, model.finalStage);
    }
  });
});
