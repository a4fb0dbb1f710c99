import { rule } from '../../../../server/src/rules/dockerfile/apt-no-install-recommends';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'a builder stage that never ships', code: 'FROM debian AS build\nRUN apt-get update && apt-get install -y gcc\nFROM debian:bookworm-slim\nCOPY --from=build /out /out' },
    'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl',
    'FROM debian:bookworm-slim\nRUN apt-get -o APT::Install-Recommends=false install -y curl',
    'FROM python:3.11-slim\nRUN pip install --no-cache-dir torch',
    { name: 'apt-get update alone installs nothing', code: 'FROM debian\nRUN apt-get update' },
    { name: 'a keyring package recommends nothing', code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install kitware-archive-keyring' },
    { name: 'a downloaded keyring .deb', code: 'FROM ubuntu:24.04\nRUN curl -o /tmp/cuda-keyring.deb https://example.com/cuda-keyring_1.1-1_all.deb && apt -y install /tmp/cuda-keyring.deb' },
  ],
  invalid: [
    {
      name: 'a keyring with another package',
      code: 'FROM debian:bookworm-slim\nRUN apt-get install -y debian-archive-keyring curl',
      errors: [{ messageId: 'missing', range: '1:4-1:19' }],
      output: 'FROM debian:bookworm-slim\nRUN apt-get install --no-install-recommends -y debian-archive-keyring curl',
    },
    {
      name: 'the shipped stage after a builder stage',
      code: 'FROM debian AS build\nRUN apt-get install -y gcc\nFROM debian:bookworm-slim\nRUN apt-get install -y curl\nCOPY --from=build /out /out',
      errors: [{ messageId: 'missing', range: '3:4-3:19' }],
      output: 'FROM debian AS build\nRUN apt-get install -y gcc\nFROM debian:bookworm-slim\nRUN apt-get install --no-install-recommends -y curl\nCOPY --from=build /out /out',
    },
    {
      code: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y curl',
      errors: [{ messageId: 'missing', range: '1:22-1:37' }],
      output: 'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install --no-install-recommends -y curl',
    },
    {
      name: 'global options before the verb, continuation lines',
      code: 'FROM ubuntu:22.04\nRUN apt-get -y install \\\n    git \\\n    curl',
      errors: [{ messageId: 'missing', range: '1:4-1:22' }],
      output: 'FROM ubuntu:22.04\nRUN apt-get -y install --no-install-recommends \\\n    git \\\n    curl',
    },
    {
      name: 'in a heredoc',
      code: 'FROM debian\nRUN <<EOF\napt install -y curl\nEOF',
      errors: [{ messageId: 'missing', range: '2:0-2:11' }],
      output: 'FROM debian\nRUN <<EOF\napt install --no-install-recommends -y curl\nEOF',
    },
  ],
});
