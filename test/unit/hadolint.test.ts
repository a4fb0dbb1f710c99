// DockML against hadolint's own rule tests, for the checks both tools have: each case restates one of
// hadolint's `test/Hadolint/Rule/DL*Spec.hs` cases in our own words, says whether hadolint reports it, and
// what DockML reports. Where the two differ, the case says why, and docs/accuracy.md must list it.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/analysis/diagnostics';
import { rules } from '../../server/src/rules';
import { MemoryHost } from './memoryHost';

interface Case {
  /** hadolint's description of the case, shortened. */
  name: string;
  dockerfile: string;
  /** Whether hadolint reports the code on this file. */
  hadolint: boolean;
  /** Where DockML deliberately reports otherwise: the reason, listed in docs/accuracy.md. */
  differs?: string;
  /** Where DockML falls short of hadolint and should not: the gap, listed in docs/accuracy.md (the case is a todo). */
  gap?: string;
}

const lines = (...text: string[]) => text.join('\n') + '\n';

/** hadolint's code → its cases. Snippets that hadolint tests without a FROM get one, as a real file has. */
const CASES: Record<string, Case[]> = {
  DL3009: [
    { name: 'update and install, lists kept', dockerfile: lines('FROM debian:12', 'RUN apt-get update && apt-get install -y curl'), hadolint: true },
    {
      name: 'lists kept in a stage nothing builds on',
      dockerfile: lines('FROM debian:12 AS tools', 'RUN apt-get update && apt-get install -y curl', 'FROM scratch', 'RUN echo done'),
      hadolint: false,
    },
    {
      name: 'lists kept in the last stage',
      dockerfile: lines('FROM debian:12 AS tools', 'RUN echo hello', 'FROM debian:12', 'RUN apt-get update && apt-get install -y curl'),
      hadolint: true,
    },
    {
      name: 'lists kept in a stage the next one builds on',
      dockerfile: lines('FROM debian:12 AS base', 'RUN apt-get update && apt-get install -y curl', 'FROM base', 'RUN echo hello'),
      hadolint: true,
    },
    {
      name: 'lists removed in a stage the next one builds on',
      dockerfile: lines('FROM debian:12 AS base', 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*', 'FROM base', 'RUN echo hello'),
      hadolint: false,
    },
    { name: 'lists removed in the same RUN', dockerfile: lines('FROM debian:12', 'RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*'), hadolint: false },
    {
      name: 'cache mount on the lists folder',
      dockerfile: lines('FROM debian:12', 'RUN --mount=type=cache,target=/var/lib/apt/lists \\', '    apt-get update && apt-get install -y curl'),
      hadolint: false,
    },
    {
      name: 'cache mounts on both apt folders, docker-clean removed in the RUN',
      dockerfile: lines(
        'FROM debian:12',
        'RUN --mount=type=cache,target=/var/lib/apt \\',
        '    --mount=type=cache,target=/var/cache/apt \\',
        '    rm -f /etc/apt/apt.conf.d/docker-clean && \\',
        '    apt-get update && apt-get install -y curl',
      ),
      hadolint: false,
    },
    {
      name: 'cache mounts on both apt folders, docker-clean removed earlier',
      dockerfile: lines(
        'FROM debian:12',
        'RUN rm -f /etc/apt/apt.conf.d/docker-clean',
        'RUN --mount=type=cache,target=/var/cache/apt \\',
        '    --mount=type=cache,target=/var/lib/apt \\',
        '    apt-get update && apt-get install -y curl',
      ),
      hadolint: false,
    },
    {
      name: 'cache mount on the archives folder only',
      dockerfile: lines('FROM debian:12', 'RUN --mount=type=cache,target=/var/cache/apt \\', '    rm -f /etc/apt/apt.conf.d/docker-clean && \\', '    apt-get update && apt-get install -y curl'),
      hadolint: true,
    },
    {
      name: 'cache mount on /var/lib/apt only, docker-clean removed',
      dockerfile: lines('FROM debian:12', 'RUN rm -f /etc/apt/apt.conf.d/docker-clean', 'RUN --mount=type=cache,target=/var/lib/apt \\', '    apt-get update && apt-get install -y curl'),
      hadolint: true,
    },
  ],
  DL3015: [
    { name: 'with --no-install-recommends', dockerfile: lines('FROM debian:12', 'RUN apt-get install --no-install-recommends git'), hadolint: false },
    { name: 'without the flag', dockerfile: lines('FROM debian:12', 'RUN apt-get install git'), hadolint: true },
    { name: 'without the flag, -y before install', dockerfile: lines('FROM debian:12', 'RUN apt-get -y install git'), hadolint: true },
    { name: 'recommends turned off with -o', dockerfile: lines('FROM debian:12', 'RUN apt-get -o APT::Install-Recommends=false install git'), hadolint: false },
  ],
  DL3042: [
    { name: 'pip2 without --no-cache-dir', dockerfile: lines('FROM python:3.11-slim', 'RUN pip2 install requests'), hadolint: true },
    { name: 'pip3 without --no-cache-dir', dockerfile: lines('FROM python:3.11-slim', 'RUN pip3 install requests'), hadolint: true },
    { name: 'pip without --no-cache-dir', dockerfile: lines('FROM python:3.11-slim', 'RUN pip install requests'), hadolint: true },
    { name: 'flag after the package', dockerfile: lines('FROM python:3.11-slim', 'RUN pip2 install requests --no-cache-dir'), hadolint: false },
    { name: 'flag before the package', dockerfile: lines('FROM python:3.11-slim', 'RUN pip3 install --no-cache-dir requests'), hadolint: false },
    { name: 'pipx is another tool', dockerfile: lines('FROM python:3.11-slim', 'RUN pipx install black'), hadolint: false },
    { name: 'pipenv is another tool', dockerfile: lines('FROM python:3.11-slim', 'RUN pipenv install requests'), hadolint: false },
    { name: 'ENV PIP_NO_CACHE_DIR=1', dockerfile: lines('FROM python:3.11-slim', 'ENV PIP_NO_CACHE_DIR=1', 'RUN pip install requests'), hadolint: false },
    { name: 'ENV PIP_NO_CACHE_DIR=true', dockerfile: lines('FROM python:3.11-slim', 'ENV PIP_NO_CACHE_DIR=true', 'RUN pip install requests'), hadolint: false },
    { name: 'PIP_NO_CACHE_DIR=on before the command', dockerfile: lines('FROM python:3.11-slim', 'RUN PIP_NO_CACHE_DIR=on pip install requests'), hadolint: false },
    { name: 'export PIP_NO_CACHE_DIR=yes', dockerfile: lines('FROM python:3.11-slim', 'RUN export PIP_NO_CACHE_DIR=yes && pip install requests'), hadolint: false },
    { name: 'ENV PIP_NO_CACHE_DIR=0', dockerfile: lines('FROM python:3.11-slim', 'ENV PIP_NO_CACHE_DIR=0', 'RUN pip install requests'), hadolint: true, differs: 'pip disables its cache for any value of PIP_NO_CACHE_DIR, false and 0 included (kept so for backward compatibility), so no cache is left.' },
    { name: 'PIP_NO_CACHE_DIR=off before the command', dockerfile: lines('FROM python:3.11-slim', 'RUN PIP_NO_CACHE_DIR=off pip install requests'), hadolint: true, differs: 'pip disables its cache for any value of PIP_NO_CACHE_DIR, false and 0 included (kept so for backward compatibility), so no cache is left.' },
    { name: 'export PIP_NO_CACHE_DIR=false', dockerfile: lines('FROM python:3.11-slim', 'RUN export PIP_NO_CACHE_DIR=false && pip install requests'), hadolint: true, differs: 'pip disables its cache for any value of PIP_NO_CACHE_DIR, false and 0 included (kept so for backward compatibility), so no cache is left.' },
    {
      name: 'PIP_NO_CACHE_DIR inherited from the parent stage',
      dockerfile: lines('FROM python:3.11-slim AS base', 'ENV PIP_NO_CACHE_DIR=1', 'FROM base', 'RUN pip install requests'),
      hadolint: false,
    },
    {
      name: 'PIP_NO_CACHE_DIR set in an unrelated stage',
      dockerfile: lines('FROM python:3.11-slim AS base', 'ENV PIP_NO_CACHE_DIR=1', 'FROM python:3.11-slim', 'RUN pip install requests'),
      hadolint: true,
    },
  ],
  DL3020: [
    { name: 'ADD of a .tar', dockerfile: lines('FROM debian:12', 'ADD bundle.tar /opt/app/'), hadolint: false },
    { name: 'ADD of a .gz', dockerfile: lines('FROM debian:12', 'ADD bundle.gz /opt/app/'), hadolint: false },
    { name: 'ADD of a .bz2', dockerfile: lines('FROM debian:12', 'ADD bundle.bz2 /opt/app/'), hadolint: false },
    { name: 'ADD of a .xz', dockerfile: lines('FROM debian:12', 'ADD bundle.xz /opt/app/'), hadolint: false },
    { name: 'ADD of a .tgz', dockerfile: lines('FROM debian:12', 'ADD bundle.tgz /opt/app/'), hadolint: false },
    { name: 'ADD of a URL', dockerfile: lines('FROM debian:12', 'ADD https://example.com/setup.sh /opt/app/'), hadolint: false },
    { name: 'ADD of a plain file', dockerfile: lines('FROM debian:12', 'ADD settings /opt/app/'), hadolint: true },
    { name: 'ADD of a .zip (ADD does not unpack it)', dockerfile: lines('FROM debian:12', 'ADD bundle.zip /opt/app/'), hadolint: true },
    { name: 'ADD of a quoted .tgz', dockerfile: lines('FROM debian:12', 'ADD "bundle.tgz" /opt/app/'), hadolint: false },
    { name: 'ADD of a quoted URL', dockerfile: lines('FROM debian:12', 'ADD "https://example.com/setup.sh" /opt/app/'), hadolint: false },
    { name: 'ADD of a quoted .zip', dockerfile: lines('FROM debian:12', 'ADD "bundle.zip" /opt/app/'), hadolint: true },
  ],
  DL3006: [
    { name: 'untagged image', dockerfile: lines('FROM ubuntu', 'CMD ["bash"]'), hadolint: true },
    { name: 'untagged image with a stage name', dockerfile: lines('FROM ubuntu AS build', 'CMD ["bash"]'), hadolint: true },
    { name: 'digest without a tag', dockerfile: lines('FROM node@sha256:4e1a7f3c5b2d', 'CMD ["node"]'), hadolint: false },
    { name: 'short version tag', dockerfile: lines('FROM node:20', 'CMD ["node"]'), hadolint: false },
    { name: 'image from a build argument', dockerfile: lines('FROM ${BASE}', 'CMD ["bash"]'), hadolint: false },
    {
      name: 'a stage name is not an image',
      dockerfile: lines('FROM golang:1.22-alpine AS build', 'RUN go version', 'FROM build AS test', 'RUN go vet', 'FROM alpine:3.20', 'RUN echo ok'),
      hadolint: false,
    },
    {
      name: 'untagged image in a middle stage',
      dockerfile: lines('FROM golang:1.22-alpine AS build', 'RUN go version', 'FROM node AS test', 'RUN npm test', 'FROM alpine:3.20', 'RUN echo ok'),
      hadolint: true,
    },
    { name: 'scratch', dockerfile: lines('FROM scratch', 'COPY app /app'), hadolint: false },
  ],
  DL3007: [
    { name: 'explicit latest', dockerfile: lines('FROM ubuntu:latest', 'CMD ["bash"]'), hadolint: true },
    { name: 'explicit latest with a stage name', dockerfile: lines('FROM ubuntu:latest AS build', 'CMD ["bash"]'), hadolint: true },
    { name: 'release tag', dockerfile: lines('FROM ubuntu:noble', 'CMD ["bash"]'), hadolint: false },
    {
      name: 'digest',
      dockerfile: lines('FROM docker.io/library/ubuntu@sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb', 'CMD ["bash"]'),
      hadolint: false,
    },
    { name: 'release tag with a stage name', dockerfile: lines('FROM ubuntu:noble AS build', 'CMD ["bash"]'), hadolint: false },
  ],
  DL3002: [
    { name: 'last USER is root', dockerfile: lines('FROM debian:12', 'USER root'), hadolint: true },
    { name: 'last USER is a named user', dockerfile: lines('FROM debian:12', 'USER app'), hadolint: false },
    { name: 'USER 0', dockerfile: lines('FROM debian:12', 'USER 0'), hadolint: true },
    { name: 'USER root:root', dockerfile: lines('FROM debian:12', 'USER root:root'), hadolint: true },
    { name: 'USER 0:0', dockerfile: lines('FROM debian:12', 'USER 0:0'), hadolint: true },
    { name: 'root for a step, then back to a user', dockerfile: lines('FROM debian:12', 'USER root', 'RUN apt-get update', 'USER app'), hadolint: false },
    {
      name: 'root inherited from the parent stage',
      dockerfile: lines('FROM debian:12 AS base', 'USER root', 'RUN apt-get update', 'FROM base', 'RUN echo hello'),
      hadolint: true,
    },
    {
      name: 'root in a builder stage, a user in the final one',
      dockerfile: lines('FROM debian:12 AS base', 'USER root', 'RUN make', 'FROM debian:12', 'USER app', 'RUN echo hello'),
      hadolint: true,
      differs: 'Only the image that ships runs containers; the final stage sets its own user, so root in a builder stage is no risk.',
    },
    {
      name: 'no USER at all in the final stage',
      dockerfile: lines('FROM debian:12 AS base', 'USER root', 'RUN make', 'USER app', 'FROM debian:12', 'RUN echo hello'),
      hadolint: false,
      differs: 'An image with no USER runs as root, as much as one with USER root; DockML reports the final stage that never leaves root.',
    },
  ],
  DL3059: [
    { name: 'no RUN', dockerfile: lines('FROM debian:12'), hadolint: false },
    { name: 'one RUN', dockerfile: lines('FROM debian:12', 'RUN ./setup.sh'), hadolint: false },
    { name: 'two RUNs with WORKDIR between', dockerfile: lines('FROM debian:12', 'RUN ./setup.sh', 'WORKDIR /', 'RUN ./build.sh'), hadolint: false },
    { name: 'two consecutive RUNs', dockerfile: lines('FROM debian:12', 'RUN ./setup.sh', 'RUN ./build.sh'), hadolint: true },
    {
      name: 'two RUNs with a comment between',
      dockerfile: lines('FROM debian:12', 'RUN ./setup.sh', '# then build', 'RUN ./build.sh'),
      hadolint: true,
      differs: 'A comment between two RUNs is how a Dockerfile marks a deliberate layer boundary (a slow download cached apart); DockML honours it.',
    },
    { name: 'a comment before the only RUN', dockerfile: lines('FROM debian:12', '# set up', 'RUN ./setup.sh'), hadolint: false },
    { name: 'different mounts', dockerfile: lines('FROM debian:12', 'RUN --mount=type=secret,id=token ./setup.sh', 'RUN ./build.sh'), hadolint: false },
    {
      name: 'different secret mounts',
      dockerfile: lines('FROM debian:12', 'RUN --mount=type=secret,id=token ./setup.sh', 'RUN --mount=type=secret,id=key ./build.sh'),
      hadolint: false,
    },
    {
      name: 'the same mounts',
      dockerfile: lines('FROM debian:12', 'RUN --mount=type=secret,id=token ./setup.sh', 'RUN --mount=type=secret,id=token ./build.sh'),
      hadolint: true,
    },
    { name: 'a chained RUN, then a single one', dockerfile: lines('FROM debian:12', 'RUN ./a.sh && ./b.sh', 'RUN ./c.sh'), hadolint: false, differs: 'DockML takes only RUNs of three or more chained commands as deliberate layer boundaries; two short commands next to a one-command RUN still merge at no cost.' },
    { name: 'a RUN with ;, then a single one', dockerfile: lines('FROM debian:12', 'RUN ./a.sh; ./b.sh', 'RUN ./c.sh'), hadolint: false, differs: 'DockML takes only RUNs of three or more chained commands as deliberate layer boundaries; two short commands next to a one-command RUN still merge at no cost.' },
    { name: 'a single RUN, then a chained one', dockerfile: lines('FROM debian:12', 'RUN ./c.sh', 'RUN ./a.sh && ./b.sh'), hadolint: false, differs: 'DockML takes only RUNs of three or more chained commands as deliberate layer boundaries; two short commands next to a one-command RUN still merge at no cost.' },
    { name: 'two single RUNs after a chained one', dockerfile: lines('FROM debian:12', 'RUN ./a.sh && ./b.sh', 'RUN ./c.sh', 'RUN ./d.sh'), hadolint: true },
  ],
  DL3025: [
    { name: 'ENTRYPOINT in shell form', dockerfile: lines('FROM node:20', 'ENTRYPOINT node server.js'), hadolint: true },
    { name: 'ENTRYPOINT in JSON form', dockerfile: lines('FROM node:20', 'ENTRYPOINT ["node", "server.js"]'), hadolint: false },
    { name: 'CMD in shell form', dockerfile: lines('FROM node:20', 'CMD node server.js'), hadolint: true },
    { name: 'CMD in JSON form, with and without spaces', dockerfile: lines('FROM node:20', 'CMD ["node", "server.js"]', 'CMD [ "node", "server.js" ]'), hadolint: false },
  ],
  DL3024: [
    { name: 'two stages with one name', dockerfile: lines('FROM node:20 AS app', 'RUN npm ci', 'FROM debian:12 AS app', 'RUN echo hello'), hadolint: true },
    { name: 'distinct stage names', dockerfile: lines('FROM node:20 AS build', 'RUN npm ci', 'FROM debian:12 AS run', 'RUN echo hello'), hadolint: false },
  ],
  DL3022: [
    {
      name: 'COPY --from a name no stage has',
      dockerfile: lines('FROM debian:12', 'COPY --from=builder /out /app'),
      hadolint: true,
    },
    {
      name: 'COPY --from a stage defined later',
      dockerfile: lines('FROM debian:12', 'COPY --from=build /out /app', 'FROM node:20 AS build', 'RUN npm ci'),
      hadolint: true,
    },
    {
      name: 'COPY --from an earlier stage',
      dockerfile: lines('FROM node:20 AS build', 'RUN npm ci', 'FROM debian:12', 'COPY --from=build /out /app'),
      hadolint: false,
    },
  ],
  DL3023: [
    { name: 'COPY --from its own stage', dockerfile: lines('FROM node:20 AS app', 'COPY --from=app /out /app'), hadolint: true },
    { name: 'COPY --from another stage', dockerfile: lines('FROM node:20 AS build', 'RUN npm ci', 'FROM debian:12 AS run', 'COPY --from=build /out /app'), hadolint: false },
  ],
  DL3057: [
    {
      name: 'no HEALTHCHECK',
      dockerfile: lines('FROM debian:12', 'CMD ["bash"]'),
      hadolint: true,
      differs: 'An image that exposes no port serves nothing to probe (a batch job, a training run, a tool); DockML asks for a HEALTHCHECK only on servers.',
    },
    { name: 'no HEALTHCHECK on a server', dockerfile: lines('FROM python:3.11-slim', 'EXPOSE 8000', 'CMD ["python", "-m", "http.server"]'), hadolint: true },
    { name: 'a HEALTHCHECK', dockerfile: lines('FROM python:3.11-slim', 'EXPOSE 8000', 'HEALTHCHECK CMD ["python", "-c", "1"]', 'CMD ["python", "-m", "http.server"]'), hadolint: false },
    {
      name: 'a HEALTHCHECK inherited from the parent stage',
      dockerfile: lines('FROM python:3.11-slim AS base', 'HEALTHCHECK CMD ["python", "-c", "1"]', 'FROM base', 'EXPOSE 8000', 'CMD ["python", "-m", "http.server"]'),
      hadolint: false,
    },
    {
      name: 'a HEALTHCHECK in an unrelated stage',
      dockerfile: lines('FROM python:3.11-slim AS base', 'HEALTHCHECK CMD ["python", "-c", "1"]', 'FROM python:3.11-slim', 'EXPOSE 8000', 'CMD ["python", "-m", "http.server"]'),
      hadolint: true,
    },
  ],
};

/** The DockML rule that answers to a hadolint code (its `aliases.hadolint`). */
function ruleFor(code: string) {
  const found = rules.filter((rule) => rule.aliases?.hadolint?.includes(code));
  assert.equal(found.length, 1, `exactly one rule should answer to ${code}`);
  return found[0];
}

/** Whether DockML reports the rule on the Dockerfile, linted as /project/Dockerfile beside a .dockerignore. */
function reports(ruleId: string, dockerfile: string): boolean {
  const files = new MemoryHost({ '/project/.dockerignore': '.git\n' });
  const { findings, failures } = analyze({ kind: 'dockerfile', text: dockerfile, path: '/project/Dockerfile', files, severity: (rule) => rule.severity });
  assert.deepEqual(failures, []);
  return findings.some((finding) => finding.rule === ruleId);
}

const accuracyDoc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'accuracy.md'), 'utf8');

for (const [code, cases] of Object.entries(CASES)) {
  describe(`hadolint ${code}`, () => {
    const rule = ruleFor(code);
    for (const c of cases) {
      const expected = c.differs ? !c.hadolint : c.hadolint;
      const verb = (reports: boolean) => (reports ? 'reports' : 'passes');
      const title = `${c.name}: hadolint ${verb(c.hadolint)}${c.differs ? `, DockML deliberately ${verb(expected)}` : ''}`;
      it(title, { todo: c.gap }, () => {
        assert.equal(reports(rule.id, c.dockerfile), expected, c.differs ?? c.gap ?? `${rule.id} should agree with hadolint ${code}`);
      });
      if (c.differs || c.gap) {
        it(`${c.name}: listed in docs/accuracy.md`, () => {
          assert.ok(accuracyDoc.includes(`${code} ${c.name}`), `docs/accuracy.md should list "${code} ${c.name}" with the reason`);
        });
      }
    }
  });
}

it('docs/accuracy.md states the totals of this comparison', () => {
  const all = Object.values(CASES).flat();
  const differs = all.filter((c) => c.differs).length;
  const gaps = all.filter((c) => c.gap).length;
  const row = `| **total** | | **${all.length}** | **${all.length - differs - gaps}** | **${differs}** | **${gaps}** |`;
  assert.ok(accuracyDoc.includes(row), `docs/accuracy.md should have the row ${row}`);
});
