import { rule } from '../../../../server/src/rules/dockerfile/undefined-arg-in-from';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'ARG TAG=3.11\nFROM python:${TAG}',
    'FROM --platform=$BUILDPLATFORM python:3.11',
    { name: 'an escaped dollar', code: 'FROM python:3.11\\$X' },
  ],
  invalid: [
    { code: 'ARG CUDA_VERSION=12.4.1\nFROM nvidia/cuda:${CUDA_VERISON}-runtime-ubuntu22.04', errors: [{ messageId: 'didYouMean', range: '1:17-1:32' }], output: 'ARG CUDA_VERSION=12.4.1\nFROM nvidia/cuda:${CUDA_VERSION}-runtime-ubuntu22.04' },
    { code: 'FROM python:$VERSION', errors: [{ messageId: 'undeclared', range: '0:12-0:20' }], output: null },
  ],
});
