import { rule } from '../../../../server/src/rules/dockerfile/apk-no-cache';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM alpine:3.20\nRUN apk add --no-cache curl',
    { name: 'option before the verb', code: 'FROM alpine:3.20\nRUN apk --no-cache add curl' },
    { name: 'index deleted in the same RUN', code: 'FROM alpine:3.20\nRUN apk update && apk add curl && rm -rf /var/cache/apk/*' },
    { name: 'cache mount on the index folder', code: 'FROM alpine:3.20\nRUN --mount=type=cache,target=/var/cache/apk apk add curl' },
    { name: 'builder stage is not shipped', code: 'FROM alpine:3.20 AS build\nRUN apk add build-base\nFROM alpine:3.20\nCOPY --from=build /out /out' },
    { name: 'apt is not apk', code: 'FROM debian\nRUN apt-get install -y curl' },
    'FROM alpine\nRUN apk',
    'RUN apk add curl',
  ],
  invalid: [
    {
      code: 'FROM python:3.12-alpine\nRUN apk add build-base',
      errors: [{ messageId: 'missing', range: '1:4-1:11' }],
      output: 'FROM python:3.12-alpine\nRUN apk add --no-cache build-base',
    },
    {
      name: 'JSON form',
      code: 'FROM alpine\nRUN ["apk", "add", "curl"]',
      errors: [{ messageId: 'missing', range: '1:5-1:17' }],
      output: 'FROM alpine\nRUN ["apk", "add", "--no-cache", "curl"]',
    },
    {
      name: 'the cleanup before the install does not count; lowercase keyword',
      code: 'from alpine\nrun rm -rf /var/cache/apk/* && apk add --update git',
      errors: [{ messageId: 'missing', range: '1:31-1:38' }],
      output: 'from alpine\nrun rm -rf /var/cache/apk/* && apk add --no-cache --update git',
    },
    {
      name: 'apk update keeps the index even when apk add has --no-cache',
      code: 'FROM alpine\nRUN apk update && \\\n    apk add --no-cache git',
      errors: [{ messageId: 'updated', range: '1:4-1:14' }],
      output: 'FROM alpine\nRUN apk update && \\\n    apk add --no-cache git && \\\n    rm -rf /var/cache/apk/*',
    },
    {
      name: 'apk update in a heredoc: no fix',
      code: 'FROM alpine\nRUN <<EOF\napk update\napk add git\nEOF',
      errors: [{ messageId: 'updated', range: '2:0-2:10' }],
      output: null,
    },
  ],
});
