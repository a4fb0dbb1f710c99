import { rule } from '../../../../server/src/rules/dockerfile/invalid-default-arg-in-from';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    {
      name: 'a quoted word with a nested ${…} inside ${X:+word} and ${X:-word}',
      code: 'ARG CUDA=11.3.1\nARG UBUNTU=20.04\nARG BASE=${CUDA:+"nvidia/cuda:${CUDA}-cudnn8-devel-ubuntu${UBUNTU}"}\nARG BASE=${BASE:-"ubuntu:${UBUNTU}"}\nFROM ${BASE} AS torch',
    },
    {
      name: 'the same chain with the CUDA version left empty falls back to ubuntu',
      code: 'ARG CUDA=\nARG UBUNTU=20.04\nARG BASE=${CUDA:+"nvidia/cuda:${CUDA}-cudnn8-devel-ubuntu${UBUNTU}"}\nARG BASE=${BASE:-"ubuntu:${UBUNTU}"}\nFROM ${BASE} AS torch',
    },
    { name: '${X-word} keeps an empty default', code: 'ARG S=""\nFROM python${S-@bad}' },
    'ARG TAG=3.11\nFROM python:${TAG}',
    'ARG VARIANT\nFROM python:3.11${VARIANT}',
    'ARG BASE=builder\nFROM python:3.11 AS builder\nFROM ${BASE}',
  ],
  invalid: [
    { name: '${X:-word} takes the word for an empty default', code: 'ARG S=""\nFROM python${S:-@bad}', errors: [{ messageId: 'invalid', range: '1:5-1:21' }], output: null },
    { code: 'ARG TAG\nFROM python:${TAG}', errors: [{ messageId: 'invalid', range: '1:5-1:18' }], output: null },
    { code: 'ARG BASE\nFROM $BASE AS app', errors: [{ messageId: 'empty', range: '1:5-1:10' }], output: null },
  ],
});
