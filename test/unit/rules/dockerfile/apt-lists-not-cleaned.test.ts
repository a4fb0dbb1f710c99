import { rule } from '../../../../server/src/rules/dockerfile/apt-lists-not-cleaned';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'docker-clean removed, both apt folders mounted', code: 'FROM debian:bookworm-slim\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/lib/apt --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y git' },
    'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*',
    'FROM debian:bookworm-slim\nRUN set -eux; apt-get update; apt-get install -y curl; rm -rf /var/lib/apt/lists/*',
    'FROM debian:trixie-slim\nRUN apt-get update && apt-get install -y curl && apt-get distclean',
    { name: 'lists kept in a cache mount', code: 'FROM ubuntu:22.04\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y git' },
    { name: 'apt state in a cache mount', code: 'FROM ubuntu:22.04\nRUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y git' },
    { name: 'lists on a tmpfs', code: 'FROM ubuntu:22.04\nRUN --mount=type=tmpfs,target=/var/lib/apt/lists/ apt-get update && apt-get install -y git' },
    { name: 'builder stages may keep their lists', code: 'FROM ubuntu:22.04 AS build\nRUN apt-get update && apt-get install -y build-essential\nFROM ubuntu:22.04\nCOPY --from=build /out /out' },
    { name: 'update without an install', code: 'FROM debian\nRUN apt-get update' },
    { name: 'apk is not apt', code: 'FROM alpine\nRUN apk add --no-cache curl' },
    {
      name: 'cleanup on a continuation line, lowercase keyword',
      code: 'from debian\nrun apt-get update \\\n    && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*',
    },
    { name: 'heredoc that cleans up', code: 'FROM debian\nRUN <<EOF\napt-get update\napt-get install -y curl\nrm -rf /var/lib/apt/lists/*\nEOF' },
    'FROM debian\nRUN',
    '',
    'FROM',
    'FROM debian\nRUN apt-get',
  ],
  invalid: [
    {
      name: 'docker-clean removed and only /var/lib/apt mounted: the .deb files stay in /var/cache/apt',
      code: 'FROM debian:bookworm-slim\nRUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y git',
      errors: [{ messageId: 'debsLeft', range: '2:61-2:76' }],
      output: null,
    },
    {
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl',
      errors: [{ messageId: 'missing', range: '1:22-1:37' }],
      output: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
    },
    {
      name: 'lowercase keywords, tab-indented continuation',
      code: 'from debian\nrun set -eux; \\\n\tapt-get update; \\\n\tapt-get install -y curl',
      errors: [{ messageId: 'missing', range: '3:1-3:16' }],
      output: 'from debian\nrun set -eux; \\\n\tapt-get update; \\\n\tapt-get install -y curl && \\\n\trm -rf /var/lib/apt/lists/*',
    },
    {
      name: 'trailing-operator continuation style',
      code: 'FROM ubuntu:22.04\nRUN apt-get update && \\\n    apt-get install -y \\\n        git \\\n        curl\n',
      errors: [{ messageId: 'missing', range: '2:4-2:19' }],
      output: 'FROM ubuntu:22.04\nRUN apt-get update && \\\n    apt-get install -y \\\n        git \\\n        curl && \\\n    rm -rf /var/lib/apt/lists/*\n',
    },
    {
      name: 'leading-operator continuation style, ARG-resolved base',
      code: 'ARG BASE=ubuntu:22.04\nFROM ${BASE}\nRUN apt-get update \\\n  && apt-get install -y git \\\n  && apt-get clean\nCMD ["bash"]',
      errors: [{ messageId: 'missing', range: '3:5-3:20' }],
      output: 'ARG BASE=ubuntu:22.04\nFROM ${BASE}\nRUN apt-get update \\\n  && apt-get install -y git \\\n  && apt-get clean \\\n  && rm -rf /var/lib/apt/lists/*\nCMD ["bash"]',
    },
    {
      name: 'the shipped stage of a multi-stage build, built on another stage',
      code: 'FROM python:3.11-slim AS base\nRUN apt-get update && apt-get install -y libgomp1\nFROM base AS build\nRUN apt-get update && apt-get install -y gcc\nFROM base\nCOPY --from=build /wheels /wheels',
      errors: [{ messageId: 'missing', range: '1:22-1:37' }],
      output: 'FROM python:3.11-slim AS base\nRUN apt-get update && apt-get install -y libgomp1 && rm -rf /var/lib/apt/lists/*\nFROM base AS build\nRUN apt-get update && apt-get install -y gcc\nFROM base\nCOPY --from=build /wheels /wheels',
    },
    {
      name: 'cleanup before a second install does not count',
      code: 'FROM debian\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y b',
      errors: [{ messageId: 'missing', range: '1:95-1:110' }],
      output: 'FROM debian\nRUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y b && rm -rf /var/lib/apt/lists/*',
    },
    {
      name: 'in a heredoc, as the new last line',
      code: 'FROM debian\nRUN <<EOF\nset -e\napt-get update\napt-get install -y curl\nEOF\n',
      errors: [{ messageId: 'missing', range: '4:0-4:15' }],
      output: 'FROM debian\nRUN <<EOF\nset -e\napt-get update\napt-get install -y curl\nrm -rf /var/lib/apt/lists/*\nEOF\n',
    },
    {
      name: 'a trailing comment stays at the end',
      code: 'FROM debian\nRUN (apt-get update && apt-get install -y curl) # tools',
      errors: [{ messageId: 'missing', range: '1:23-1:38' }],
      output: 'FROM debian\nRUN (apt-get update && apt-get install -y curl) && rm -rf /var/lib/apt/lists/* # tools',
    },
    {
      name: 'a cache mount elsewhere does not help',
      code: 'FROM debian\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl',
      errors: [{ messageId: 'missing', range: '1:63-1:78' }],
      output: 'FROM debian\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
    },
    {
      name: 'a background job gets no fix',
      code: 'FROM debian\nRUN apt-get update && apt-get install -y curl &',
      errors: [{ messageId: 'missing', range: '1:22-1:37' }],
      output: null,
    },
    {
      name: 'JSON form and a background job get no fix',
      code: 'FROM debian\nRUN ["apt-get", "install", "-y", "curl"]\nRUN apt-get install -y curl &',
      // No RUN updates: the lists the second RUN reads come from the first, which has no update of its own either.
      errors: [
        { messageId: 'neededLater', range: '1:5-1:25' },
        { messageId: 'missing', range: '2:4-2:19' },
      ],
      output: null,
    },
    {
      name: 'the lists come from an update-only RUN: the install that follows is reported',
      code: 'FROM python:3.11\nRUN apt-get update\nRUN apt-get install -y libgomp1',
      errors: [{ messageId: 'missing', range: '2:4-2:19' }],
      output: 'FROM python:3.11\nRUN apt-get update\nRUN apt-get install -y libgomp1 && rm -rf /var/lib/apt/lists/*',
    },
    {
      name: 'a later RUN installs without an update of its own: no cleanup there, which would break that install',
      // The later RUN adds no lists of its own: only the RUN that downloaded them is reported.
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nRUN apt-get install -y --no-install-recommends git',
      errors: [{ messageId: 'neededLater', range: '1:22-1:37' }],
      output: null,
    },
    {
      name: 'the later install is in a stage built on this one',
      code: 'FROM debian:bookworm-slim AS base\nRUN apt-get update && apt-get install -y curl\nFROM base\nRUN apt-get install -y git && rm -rf /var/lib/apt/lists/*',
      errors: [{ messageId: 'neededLater', range: '1:22-1:37' }],
      output: null,
    },
    {
      name: 'a later RUN that updates for itself does not need these lists',
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*',
      errors: [{ messageId: 'missing', range: '1:22-1:37' }],
      output:
        'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*',
    },
    {
      name: 'a sibling stage that updates does not hide a later reader in another stage built on this one',
      code:
        'FROM debian:bookworm-slim AS base\nRUN apt-get update && apt-get install -y curl\nFROM base AS a\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\nFROM base\nCOPY --from=a /usr/bin/git /usr/bin/git\nRUN apt-get install -y wget && rm -rf /var/lib/apt/lists/*',
      errors: [{ messageId: 'neededLater', range: '1:22-1:37' }],
      output: null,
    },
  ],
});
