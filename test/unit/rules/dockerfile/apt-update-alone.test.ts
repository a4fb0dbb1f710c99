import { rule } from '../../../../server/src/rules/dockerfile/apt-update-alone';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
    'FROM debian:bookworm-slim\nRUN apt-get update \\\n    && apt-get upgrade -y \\\n    && rm -rf /var/lib/apt/lists/*',
    { name: 'a script may install', code: 'FROM debian\nRUN apt-get update && ./install-deps.sh' },
    { name: 'a pipe into a shell may install', code: 'FROM debian\nRUN apt-get update && curl -fsSL https://deb.nodesource.com/setup_20.x | bash -' },
    { name: 'xargs may install', code: 'FROM debian\nRUN apt-get update && xargs apt-get install -y < packages.txt' },
    { name: 'heredoc that installs', code: 'FROM debian\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF' },
    { name: 'lowercase, apt', code: 'from debian\nrun apt update && apt install -y curl' },
    'FROM debian\nRUN apt-get',
    'FROM debian\nRUN',
    'RUN apt-get update && apt-get install -y x',
    '',
  ],
  invalid: [
    {
      name: 'update in its own RUN',
      code: 'FROM ubuntu:22.04\nRUN apt-get update\nRUN apt-get install -y git',
      errors: [{ messageId: 'alone', range: '1:4-1:18' }],
      output: 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y git',
    },
    {
      name: 'other instructions between, flags kept, lowercase keywords',
      code: 'from ubuntu:22.04\nrun apt-get update -qq\nenv DEBIAN_FRONTEND=noninteractive\nrun apt-get install -y \\\n    git\n',
      errors: [{ messageId: 'alone', range: '1:4-1:18' }],
      output: 'from ubuntu:22.04\nenv DEBIAN_FRONTEND=noninteractive\nrun apt-get update -qq && apt-get install -y \\\n    git\n',
    },
    {
      name: 'update at the end of a RUN that adds a repository',
      code: 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y software-properties-common && \\\n    add-apt-repository ppa:deadsnakes/ppa && \\\n    apt-get update\nRUN apt-get install -y python3.11',
      errors: [{ messageId: 'alone', range: '3:4-3:18' }],
      output: 'FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y software-properties-common && \\\n    add-apt-repository ppa:deadsnakes/ppa\nRUN apt-get update && apt-get install -y python3.11',
    },
    {
      name: 'update first in a RUN that does other things',
      code: 'FROM debian\nRUN apt update && \\\n    mkdir -p /app\nRUN apt install -y curl',
      errors: [{ messageId: 'alone', range: '1:4-1:14' }],
      output: 'FROM debian\nRUN mkdir -p /app\nRUN apt update && apt install -y curl',
    },
    {
      name: 'a semicolon survives the removal',
      code: 'FROM debian\nRUN echo a && apt-get update; echo b\nRUN apt-get install -y curl',
      errors: [{ messageId: 'alone', range: '1:14-1:28' }],
      output: 'FROM debian\nRUN echo a; echo b\nRUN apt-get update && apt-get install -y curl',
    },
    {
      name: 'options with values before the subcommand',
      code: 'FROM debian\nRUN apt-get -o Acquire::Retries=3 update\nRUN apt-get -o Acquire::Retries=3 install -y curl',
      errors: [{ messageId: 'alone', range: '1:4-1:40' }],
      output: 'FROM debian\nRUN apt-get -o Acquire::Retries=3 update && apt-get -o Acquire::Retries=3 install -y curl',
    },
    {
      name: 'the install RUN already updates',
      code: 'FROM debian\nRUN apt-get update\nRUN apt-get update && apt-get install -y curl',
      errors: [{ messageId: 'alone', range: '1:4-1:18' }],
      output: 'FROM debian\nRUN apt-get update && apt-get install -y curl',
    },
    {
      name: 'into a heredoc install',
      code: 'FROM debian\nRUN apt-get update\nRUN <<EOF\nset -e\napt-get install -y curl\nEOF',
      errors: [{ messageId: 'alone', range: '1:4-1:18' }],
      output: 'FROM debian\nRUN <<EOF\nset -e\napt-get update && apt-get install -y curl\nEOF',
    },
    {
      name: 'out of a heredoc',
      code: 'FROM debian\nRUN <<EOF\napt-get update\nmkdir /app\nEOF\nRUN apt-get install -y curl',
      errors: [{ messageId: 'alone', range: '2:0-2:14' }],
      output: 'FROM debian\nRUN <<EOF\nmkdir /app\nEOF\nRUN apt-get update && apt-get install -y curl',
    },
    {
      name: 'multi-stage: each stage on its own, ARG-resolved base',
      code: 'ARG BASE=debian:bookworm\nFROM ${BASE} AS build\nRUN apt-get update\nFROM ${BASE}\nRUN apt-get install -y curl',
      errors: [{ messageId: 'alone', range: '2:4-2:18' }],
      output: null,
    },
    {
      name: 'no fix when the install RUN could mask a failed update',
      code: 'FROM debian\nRUN apt-get update\nRUN apt-get install -y curl || true',
      errors: [{ messageId: 'alone', range: '1:4-1:18' }],
      output: null,
    },
    {
      name: 'no fix when a RUN between might use the lists',
      code: 'FROM debian\nRUN apt-get update\nRUN ./setup.sh\nRUN apt-get install -y curl',
      errors: [{ messageId: 'alone', range: '1:4-1:18' }],
      output: null,
    },
    {
      name: 'after an if block',
      code: 'FROM debian\nRUN if [ -f x ]; then echo; fi && apt-get update\nRUN apt-get install -y curl',
      errors: [{ messageId: 'alone', range: '1:34-1:48' }],
      output: 'FROM debian\nRUN if [ -f x ]; then echo; fi\nRUN apt-get update && apt-get install -y curl',
    },
    {
      name: 'no fix for an update in a pipeline',
      code: 'FROM debian\nRUN apt-get update | tee /tmp/log\nRUN apt-get install -y curl',
      errors: [{ messageId: 'alone', range: '1:4-1:18' }],
      output: null,
    },
  ],
});
