import { rule } from '../../../../server/src/rules/dockerfile/unknown-flag';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM --platform=$BUILDPLATFORM python:3.11\nCOPY --chown=app --link . /app\nRUN --mount=type=cache,target=/root/.cache pip install numpy',
  ],
  invalid: [
    { code: 'FROM python:3.11\nCOPY --chwon=app . /app', errors: [{ messageId: 'didYouMean', range: '1:7-1:12' }], output: 'FROM python:3.11\nCOPY --chown=app . /app' },
    { code: 'FROM python:3.11\nRUN --foo=bar echo', errors: [{ messageId: 'unknown', range: '1:6-1:9' }], output: null },
  ],
});
