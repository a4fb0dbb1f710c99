import { rule } from '../../../../server/src/rules/dockerfile/prefer-slim-base';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    { name: 'a base image for other images', path: 'images/base/Dockerfile', code: 'FROM python:3.11\nRUN pip install --no-cache-dir numpy' },
    { name: 'a development stage', code: 'FROM node:20 AS dev-envs\nCMD ["npm", "start"]' },
    {
      name: 'a Windows image has no slim variant',
      code: 'FROM python:3.11.9\nSHELL ["powershell", "-Command", "$ErrorActionPreference = \'Stop\';"]\nRUN pip install --no-cache-dir numpy\nCMD ["python", "serve.py"]',
    },
    'FROM python:3.11-slim\nRUN pip install --no-cache-dir numpy',
    'FROM python:3.11-slim-bookworm',
    'FROM node:20-bookworm-slim',
    'FROM python:3.12-alpine',
    'FROM debian:bookworm-slim',
    { name: 'images DockML knows nothing about', code: 'FROM ghcr.io/acme/python:3.11\nFROM buildpack-deps:bookworm' },
    { name: 'golang has no slim variant', code: 'FROM golang:1.22' },
    { name: 'a full builder stage, a slim shipped stage', code: 'FROM python:3.11 AS build\nRUN pip wheel -w /wheels numpy\nFROM python:3.11-slim\nCOPY --from=build /wheels /wheels' },
    { name: 'the shipped stage is not a language image', code: 'FROM node:20 AS build\nRUN npm ci && npm run build\nFROM nginx:1.27-alpine\nCOPY --from=build /app/dist /usr/share/nginx/html' },
    { name: 'an unresolved variable', code: 'FROM python:${PY}' },
    { name: 'half-typed', code: 'FROM' },
    { name: 'half-typed tag', code: 'FROM python:' },
    { name: 'empty file', code: '' },
    { name: 'a template, not a Dockerfile', code: 'FROM debian:{{ env.variant }}-slim' },
  ],
  invalid: [
    {
      name: 'a CMD that starts a server makes a `*base*` name no base image',
      path: 'docker/base/Dockerfile',
      code: 'FROM python:3.11\nCMD ["python", "serve.py"]',
      errors: [{ messageId: 'full', range: '0:5-0:16' }],
      output: 'FROM python:3.11-slim\nCMD ["python", "serve.py"]',
    },
    {
      code: 'FROM python:3.11\nRUN pip install --no-cache-dir numpy',
      errors: [{ messageId: 'full', range: '0:5-0:16' }],
      output: 'FROM python:3.11-slim\nRUN pip install --no-cache-dir numpy',
    },
    {
      name: 'python puts the distribution after -slim',
      code: 'FROM python:3.11-bookworm AS app\nCMD ["python", "serve.py"]',
      errors: [{ messageId: 'full', range: '0:5-0:25' }],
      output: 'FROM python:3.11-slim-bookworm AS app\nCMD ["python", "serve.py"]',
    },
    {
      name: 'node puts -slim after the distribution; lowercase keywords',
      code: 'from node:20-bookworm\ncmd ["node", "server.js"]',
      errors: [{ messageId: 'full', range: '0:5-0:21' }],
      output: 'from node:20-bookworm-slim\ncmd ["node", "server.js"]',
    },
    {
      name: 'debian',
      code: 'FROM debian:bookworm\nRUN apt-get update',
      errors: [{ messageId: 'full', range: '0:5-0:20' }],
      output: 'FROM debian:bookworm-slim\nRUN apt-get update',
    },
    {
      name: 'latest and untagged images',
      code: 'FROM ruby',
      errors: [{ messageId: 'full', range: '0:5-0:9' }],
      output: 'FROM ruby:slim',
    },
    {
      name: 'multi-stage: only the root of the shipped chain is reported',
      code: 'FROM python:3.11 AS build\nRUN pip wheel -w /w numpy\nFROM python:3.11 AS base\nFROM base\nCOPY --from=build /w /w',
      errors: [{ messageId: 'full', range: '2:5-2:16' }],
      output: 'FROM python:3.11 AS build\nRUN pip wheel -w /w numpy\nFROM python:3.11-slim AS base\nFROM base\nCOPY --from=build /w /w',
    },
    {
      name: 'ARG-resolved tag: the suffix goes after the variable',
      code: 'ARG PY=3.11\nFROM python:${PY}\nRUN pip install numpy',
      errors: [{ messageId: 'full', range: '1:5-1:17' }],
      output: 'ARG PY=3.11\nFROM python:${PY}-slim\nRUN pip install numpy',
    },
    {
      name: 'ARG-resolved tag with a distribution: the ARG default is edited',
      code: 'ARG PY=3.11-bookworm\nFROM python:${PY}',
      errors: [{ messageId: 'full', range: '1:5-1:17' }],
      output: 'ARG PY=3.11-slim-bookworm\nFROM python:${PY}',
    },
    {
      name: 'ARG-resolved tag with a quoted default',
      code: 'ARG TAG="latest"\nFROM python:$TAG',
      errors: [{ messageId: 'full', range: '1:5-1:16' }],
      output: 'ARG TAG="slim"\nFROM python:$TAG',
    },
    {
      name: 'ARG-resolved version with a literal distribution',
      code: 'ARG PY=3.11\nFROM python:${PY}-bookworm',
      errors: [{ messageId: 'full', range: '1:5-1:26' }],
      output: 'ARG PY=3.11\nFROM python:${PY}-slim-bookworm',
    },
    {
      name: 'no fix when the ARG is used elsewhere too',
      code: 'ARG PY=3.11-bookworm\nFROM python:${PY} AS build\nFROM python:${PY}',
      errors: [{ messageId: 'full', range: '2:5-2:17' }],
      output: null,
    },
    {
      name: 'no fix for an image pinned by digest',
      code: 'FROM python:3.11@sha256:0123456789abcdef',
      errors: [{ messageId: 'full', range: '0:5-0:40' }],
      output: null,
    },
    {
      name: 'the fix is not preferred when the image calls a tool that slim lacks',
      code: 'FROM python:3.11\nRUN git clone https://github.com/acme/model.git \\\n && pip install ./model',
      errors: [{ messageId: 'fullNeedsTools', range: '0:5-0:16' }],
      output: null,
    },
    {
      name: 'a tool that the image installs itself is fine',
      code: 'FROM node:20\nRUN apt-get update && apt-get install -y --no-install-recommends git \\\n && git clone https://github.com/acme/app.git',
      errors: [{ messageId: 'full', range: '0:5-0:12' }],
      output: 'FROM node:20-slim\nRUN apt-get update && apt-get install -y --no-install-recommends git \\\n && git clone https://github.com/acme/app.git',
    },
  ],
});
