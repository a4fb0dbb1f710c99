import { rule } from '../../../../server/src/rules/dockerfile/apt-no-install-recommends';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl',
    'FROM debian:bookworm-slim\nRUN apt-get -o APT::Install-Recommends=false install -y curl',
    'FROM python:3.11-slim\nRUN pip install --no-cache-dir torch',
    { name: 'apt-get update alone installs nothing', code: 'FROM debian\nRUN apt-get update' },
  ],
  invalid: [
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
