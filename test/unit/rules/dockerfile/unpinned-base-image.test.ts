import { rule } from '../../../../server/src/rules/dockerfile/unpinned-base-image';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime',
    { name: 'digest', code: 'FROM python@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' },
    { name: 'latest with a digest is pinned', code: 'FROM python:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef' },
    { name: 'scratch', code: 'FROM scratch\nCOPY app /app' },
    { name: 'stage references', code: 'FROM python:3.11-slim AS base\nFROM base AS test\nFROM base' },
    { name: 'registry with a port and a tag', code: 'FROM localhost:5000/ml/base:1.0' },
    { name: 'ARG-resolved tag', code: 'ARG PY=3.11\nFROM python:${PY}-slim' },
    {
      name: 'one link of an image chain: the default is made of other build arguments',
      code: 'ARG REGISTRY=quay.io\nARG OWNER=acme\nARG BASE_IMAGE=$REGISTRY/$OWNER/base-notebook\nFROM $BASE_IMAGE\nRUN pip install --no-cache-dir numpy',
    },
    {
      name: 'bare names no official image has: images the project builds first',
      code: 'ARG SDK_IMAGE=inference_sdk\nFROM ${SDK_IMAGE} AS sdk\nFROM yarn-builder:latest\nCOPY --from=sdk /w /w',
    },
    { name: 'unresolved variables', code: 'ARG BASE_IMAGE\nARG TAG\nFROM ${BASE_IMAGE}\nFROM python:${TAG}\nFROM $UNDECLARED' },
    { name: 'half-typed', code: 'FROM\nFROM --platform=linux/amd64' },
    { name: 'empty file', code: '' },
  ],
  invalid: [
    {
      name: 'bare names of official images, through a build argument too, and a local-looking name with a namespace',
      code: 'ARG BASE=ubuntu\nFROM $BASE AS a\nFROM alpine:latest AS b\nFROM acme/yarn-builder',
      errors: [
        { messageId: 'untagged', range: '1:5-1:10' },
        { messageId: 'latest', range: '2:5-2:18' },
        { messageId: 'untagged', range: '3:5-3:22' },
      ],
      output: null,
    },
    {
      code: 'FROM pytorch/pytorch\nRUN pip install --no-cache-dir transformers',
      errors: [{ messageId: 'untagged', range: '0:5-0:20' }],
      output: null,
    },
    {
      name: 'latest tag, in a builder stage too, lowercase keywords',
      code: 'from nvcr.io/nvidia/pytorch:latest as build\nfrom python:3.11-slim\ncopy --from=build /w /w',
      errors: [{ messageId: 'latest', range: '0:5-0:34' }],
      output: null,
    },
    {
      name: 'ARG-resolved, with a platform flag and a continuation line',
      code: 'ARG BASE=ubuntu\nFROM --platform=$BUILDPLATFORM \\\n  ${BASE} AS build\nFROM python:3.11-slim',
      errors: [{ messageId: 'untagged', range: '2:2-2:9' }],
      output: null,
    },
    {
      name: 'a chain default that says latest is still reported',
      code: 'ARG OWNER=acme\nARG BASE_IMAGE=${OWNER}/base:latest\nFROM ${BASE_IMAGE}',
      errors: [{ messageId: 'latest', range: '2:5-2:18' }],
      output: null,
    },
  ],
});
