import assert from 'node:assert/strict';
import { it } from 'node:test';
import { analyze } from '../../../../server/src/analysis/diagnostics';
import { rule } from '../../../../server/src/rules/dockerfile/copy-all-before-install';
import { MemoryHost } from '../../memoryHost';
import { ruleTester } from '../../ruleTester';

const requirements = { 'requirements.txt': 'torch==2.3.1\n' };

ruleTester(rule, {
  valid: [
    {
      name: 'dependencies installed from the manifests first, the project after the copy',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nRUN --mount=type=bind,source=uv.lock,target=uv.lock --mount=type=bind,source=pyproject.toml,target=pyproject.toml uv sync --frozen --no-install-project\nCOPY . .\nRUN uv sync --frozen',
    },
    {
      name: 'requirements installed first, then the package itself',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nRUN pip install --no-cache-dir .',
    },
    'FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]',
    { name: 'copy after every install', code: 'FROM node:20-slim\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm run build' },
    { name: 'copy from another stage', code: 'FROM python:3.11 AS build\nRUN mkdir /out\nFROM python:3.11-slim\nCOPY --from=build . /app\nRUN pip install --no-cache-dir flask' },
    { name: 'install in a stage built on this one', code: 'FROM python:3.11-slim AS app\nCOPY . /app\nFROM app AS dev\nRUN pip install --no-cache-dir pytest' },
    { name: 'a narrower copy', code: 'FROM python:3.11-slim\nCOPY src/ /app/src/\nRUN pip install --no-cache-dir flask' },
    {
      name: 'the only install after the copy is the project itself without its dependencies, inside an if',
      code: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nRUN if [ -n "$DEV" ]; then pip install --no-cache-dir -e . --no-deps; else pip install --no-cache-dir . --no-deps; fi',
    },
    {
      name: "a folder copied whole after its manifests, then installed without dependencies",
      code: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY server/requirements.txt server/\nRUN pip install --no-cache-dir -r server/requirements.txt\nCOPY server server\nRUN pip install --no-cache-dir --no-deps ./server',
    },
    { name: 'a folder copy and an install that reads nothing from it', code: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY server /app/server\nRUN pip install --no-cache-dir -r requirements.txt' },
    { name: 'a folder of requirement files read through a variable', code: 'FROM python:3.11-slim\nWORKDIR /tmp/nemo\nCOPY requirements .\nRUN for f in $(ls requirements*.txt); do pip install --no-cache-dir -r $f; done' },
    { name: 'an install after cd into a folder only a variable names', code: 'FROM python:3.11-slim\nCOPY server .\nRUN cd "$APP_DIR" && uv sync --frozen' },
    { name: 'a file copied to a folder is no folder copy', code: 'FROM python:3.11-slim\nCOPY setup.cfg /app/\nRUN pip install --no-cache-dir -e /app' },
    {
      name: 'a script after the copy that installs nothing, and one that cannot be read',
      code: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nRUN ./scripts/setup.sh && bash install_hooks.sh',
      files: { 'scripts/setup.sh': '#!/bin/sh\nmkdir -p /app/data\n', 'requirements.txt': 'torch\n' },
    },
    { name: 'no install after the copy', code: 'FROM python:3.11-slim\nCOPY . /app\nRUN python -m compileall /app' },
    { name: 'heredoc copy', code: 'FROM python:3.11-slim\nCOPY <<EOF /app/.env\nDEBUG=0\nEOF\nRUN pip install --no-cache-dir flask' },
    'FROM python:3.11-slim\nCOPY\nRUN pip install flask',
    'FROM python:3.11-slim\nCOPY .\nRUN pip install flask',
    'FROM python:3.11-slim\nCOPY --from= . /app\nRUN pip install flask',
    'COPY . .\nRUN pip install flask',
    'FROM',
    '',
  ],
  invalid: [
    {
      name: 'a folder copied whole before an install of its requirements: the fix copies them first',
      code: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY ./server /app/server\nRUN pip install --no-cache-dir -r /app/server/requirements.txt\nCMD ["python", "server/app.py"]',
      files: { 'server/requirements.txt': 'fastapi\n' },
      errors: [{ messageId: 'folderBeforeInstall', range: '2:5-2:13' }],
      output: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY server/requirements.txt /app/server/\nRUN pip install --no-cache-dir -r /app/server/requirements.txt\nCOPY ./server /app/server\nCMD ["python", "server/app.py"]',
      safe: true,
    },
    {
      name: 'a folder copied whole before `cd` into it and a sync of its lock',
      code: 'FROM python:3.11-slim\nCOPY proto proto\nCOPY server server\nRUN cd server && uv sync --frozen --no-install-project && make gen-server',
      errors: [{ messageId: 'folderBeforeInstall', range: '2:5-2:11' }],
      output: null,
    },
    {
      name: 'a script from the copied context that installs the requirements, run directly and through bash',
      code: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN chmod +x scripts/install.sh && ./scripts/install.sh\nCMD ["python", "app.py"]',
      files: { 'scripts/install.sh': '#!/bin/sh\nset -e\npip install --no-cache-dir -r requirements.txt\n', 'requirements.txt': 'torch\n' },
      errors: [{ messageId: 'scriptInstalls', range: '2:5-2:6' }],
      output: null,
    },
    {
      name: 'a setup script run with bash that syncs the project',
      code: 'FROM python:3.11-slim\nCOPY . /srv\nRUN bash /srv/setup.sh',
      files: { 'setup.sh': 'cd /srv\nuv sync --frozen\n' },
      errors: [{ messageId: 'scriptInstalls', range: '1:5-1:6' }],
      output: null,
    },
    {
      code: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt\nCMD ["python", "app.py"]',
      files: requirements,
      errors: [{ messageId: 'beforeInstall', range: '2:5-2:6' }],
      output: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]',
      safe: true,
    },
    {
      name: 'absolute destination, WORKDIR between, nested requirements, comment moves along, lowercase keywords',
      code: 'from python:3.11-slim\n# Application code\ncopy --chown=app:app . /srv/app\nworkdir /srv/app\nrun pip install --no-cache-dir -r requirements/prod.txt\n',
      files: { 'requirements/prod.txt': '-r base.txt\nfastapi\n', 'requirements/base.txt': 'numpy\n' },
      errors: [{ messageId: 'beforeInstall', range: '2:21-2:22' }],
      output:
        'from python:3.11-slim\ncopy --chown=app:app requirements/prod.txt requirements/base.txt /srv/app/requirements/\nworkdir /srv/app\n' +
        'run pip install --no-cache-dir -r requirements/prod.txt\n# Application code\ncopy --chown=app:app . /srv/app\n',
      safe: true,
    },
    {
      name: 'npm ci takes the lock file and .npmrc that exist',
      code: 'FROM node:20-slim\nWORKDIR /usr/src/app\nCOPY . .\nRUN npm ci --omit=dev\nCMD ["node", "index.js"]',
      files: { 'package.json': '{"name": "api", "scripts": {"start": "node index.js"}}', 'package-lock.json': '{}', '.npmrc': 'fund=false\n' },
      errors: [{ messageId: 'beforeInstall', range: '2:5-2:6' }],
      output: 'FROM node:20-slim\nWORKDIR /usr/src/app\nCOPY package.json package-lock.json .npmrc ./\nRUN npm ci --omit=dev\nCOPY . .\nCMD ["node", "index.js"]',
      // node_modules or .venv, written by the install, could be overwritten by the context's own.
      safe: false,
    },
    {
      name: 'apt-get install reads nothing: the copy just moves; ADD, ARG-resolved base, continuation lines',
      code: 'ARG BASE=ubuntu:22.04\nFROM ${BASE}\nADD ./ /opt/app\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends libgomp1\nENTRYPOINT ["/opt/app/run.sh"]',
      errors: [{ messageId: 'beforeInstall', range: '2:4-2:6' }],
      output: 'ARG BASE=ubuntu:22.04\nFROM ${BASE}\nRUN apt-get update && \\\n    apt-get install -y --no-install-recommends libgomp1\nADD ./ /opt/app\nENTRYPOINT ["/opt/app/run.sh"]',
      safe: true,
    },
    {
      name: 'a Dockerfile in a subfolder whose context is the parent, where its COPY sources are: the manifests come from there',
      path: 'docker/Dockerfile',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY serve.py /app/\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt',
      files: { 'serve.py': 'print(1)\n', 'requirements.txt': 'torch\n' },
      errors: [{ messageId: 'beforeInstall', range: '3:5-3:6' }],
      safe: true,
      output: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY serve.py /app/\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .',
    },
    {
      name: 'uv sync without the project, with its lock',
      code: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN uv sync --locked --no-install-project\nCMD ["uv", "run", "serve"]',
      files: { 'pyproject.toml': '[project]\nname = "serve"\n', 'uv.lock': 'version = 1\n' },
      errors: [{ messageId: 'beforeInstall', range: '2:5-2:6' }],
      output: 'FROM python:3.12-slim\nWORKDIR /app\nCOPY pyproject.toml uv.lock ./\nRUN uv sync --locked --no-install-project\nCOPY . .\nCMD ["uv", "run", "serve"]',
      // node_modules or .venv, written by the install, could be overwritten by the context's own.
      safe: false,
    },
    {
      name: 'builder stage of a multi-stage build, JSON-form copy',
      code: 'FROM python:3.11 AS build\nCOPY [".", "/src/"]\nRUN pip install --prefix=/install -r /src/requirements.txt\nFROM python:3.11-slim\nCOPY --from=build /install /usr/local',
      files: requirements,
      errors: [{ messageId: 'beforeInstall', range: '1:6-1:9' }],
      output: 'FROM python:3.11 AS build\nCOPY requirements.txt /src/\nRUN pip install --prefix=/install -r /src/requirements.txt\nCOPY [".", "/src/"]\nFROM python:3.11-slim\nCOPY --from=build /install /usr/local',
      safe: true,
    },
    {
      name: 'a manifest copied earlier is not copied twice; a heredoc install',
      code: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt ./\nCOPY . .\nRUN <<EOF\npip install --no-cache-dir -r requirements.txt\nEOF\nCMD ["python", "app.py"]',
      files: requirements,
      errors: [{ messageId: 'beforeInstall', range: '3:5-3:6' }],
      output: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt ./\nRUN <<EOF\npip install --no-cache-dir -r requirements.txt\nEOF\nCOPY . .\nCMD ["python", "app.py"]',
      safe: true,
    },
    {
      name: 'a same-named file copied earlier from elsewhere in the context does not count',
      code: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY docker/requirements.txt ./\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt',
      files: { ...requirements, 'docker/requirements.txt': 'flask\n' },
      errors: [{ messageId: 'beforeInstall', range: '3:5-3:6' }],
      output: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY docker/requirements.txt ./\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .',
      safe: true,
    },
    {
      name: 'conda environment file with a pip section',
      code: 'FROM continuumio/miniconda3\nWORKDIR /workspace\nCOPY . .\nRUN conda env create -f environment.yml && conda clean -afy',
      files: { 'environment.yml': 'name: ml\ndependencies:\n  - python=3.11\n  - pip\n  - pip:\n    - -r requirements.txt\n', ...requirements },
      errors: [{ messageId: 'beforeInstall', range: '2:5-2:6' }],
      output: 'FROM continuumio/miniconda3\nWORKDIR /workspace\nCOPY environment.yml requirements.txt ./\nRUN conda env create -f environment.yml && conda clean -afy\nCOPY . .',
      safe: true,
    },
    {
      name: 'installing the project itself needs the source',
      code: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -e .',
      files: requirements,
      errors: [{ messageId: 'needsSource', range: '2:5-2:6' }],
      output: null,
    },
    {
      name: 'poetry install without --no-root installs the project',
      code: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN poetry install --only main',
      files: { 'pyproject.toml': '[tool.poetry]\n', 'poetry.lock': '' },
      errors: [{ messageId: 'needsSource', range: '2:5-2:6' }],
      output: null,
    },
    {
      name: 'a requirements file that installs the project',
      code: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt',
      files: { 'requirements.txt': 'flask\n-e .\n' },
      errors: [{ messageId: 'needsSource', range: '2:5-2:6' }],
      output: null,
    },
    {
      name: 'no fix when the manifest is not in the build context',
      code: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt',
      errors: [{ messageId: 'beforeInstall', range: '2:5-2:6' }],
      output: null,
    },
    {
      name: 'no fix when a RUN between may read the source',
      code: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY . .\nRUN python scripts/freeze.py\nRUN pip install --no-cache-dir -r requirements.txt',
      files: requirements,
      errors: [{ messageId: 'beforeInstall', range: '2:5-2:6' }],
      output: null,
    },
    {
      name: 'no fix when npm lifecycle scripts run during the install',
      code: 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci',
      files: { 'package.json': '{"scripts": {"prepare": "npm run build"}}', 'package-lock.json': '{}' },
      errors: [{ messageId: 'beforeInstall', range: '2:5-2:6' }],
      output: null,
    },
    {
      name: 'no fix when a relative destination would move past a WORKDIR',
      code: 'FROM node:20-slim\nCOPY . .\nWORKDIR /app\nRUN npm install -g pm2',
      errors: [{ messageId: 'beforeInstall', range: '1:5-1:6' }],
      output: null,
    },
  ],
});

it('names the build context it assumed: a Compose build.context, else where the COPY sources are', () => {
  const code = 'FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nRUN pip install --no-cache-dir -r requirements.txt';
  const lint = (builders = [{ composeFile: '/project/compose.yaml', service: 'trainer', contextDir: '/project', gpu: true }]) =>
    analyze({ kind: 'dockerfile', text: code, path: '/project/docker/Dockerfile', files: new MemoryHost({ '/project/requirements.txt': 'torch\n' }), rules: [rule], severity: (r) => r.severity, builders })
      .findings;
  const [fromCompose] = lint();
  assert.match(fromCompose.message, /^`COPY \.` copies the whole build context `\.\.` \(from service `trainer` in compose\.yaml\) before `pip install`/);
  assert.equal(fromCompose.fixes[0].edits[0].newText, 'COPY requirements.txt .\n', 'the manifest is read from the Compose context');
  assert.match(lint([])[0].message, /whole build context `\.` \(the Dockerfile's folder\)/);
});
