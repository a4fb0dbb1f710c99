// Image references, what DockML knows about base images, and the PyTorch/JAX wheel tags matched against them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DockerfileModel } from '../../server/src/dockerfile/model';
import { rewriteFromImage } from '../../server/src/dockerfile/fromImage';
import { parseImageRef, withTag } from '../../server/src/images/imageRef';
import { describeImage, ImageInfo } from '../../server/src/images/knowledge';
import { bestTorchTag, cudaOfTorchTag, isTorchPackage, torchRelease, wheelTags } from '../../server/src/images/wheels';

function infoOf(raw: string): ImageInfo | undefined {
  const ref = parseImageRef(raw);
  return ref && describeImage(ref);
}

describe('parseImageRef', () => {
  it('splits registry, repository, tag and digest', () => {
    assert.deepEqual(parseImageRef('nvcr.io/nvidia/pytorch:24.01-py3@sha256:abc123'), {
      raw: 'nvcr.io/nvidia/pytorch:24.01-py3@sha256:abc123',
      registry: 'nvcr.io',
      repository: 'nvidia/pytorch',
      tag: '24.01-py3',
      digest: 'sha256:abc123',
      tagStart: 23,
      tagEnd: 32,
    });
  });

  it('leaves Docker Hub and its library/ prefix out', () => {
    const ref = parseImageRef('docker.io/library/python:3.11');
    assert.equal(ref?.registry, undefined);
    assert.equal(ref?.repository, 'python');
    assert.equal(ref?.tag, '3.11');
  });

  it('tells a registry with a port from a tag', () => {
    const ref = parseImageRef('localhost:5000/team/model:v2');
    assert.equal(ref?.registry, 'localhost:5000');
    assert.equal(ref?.repository, 'team/model');
    assert.equal(ref?.tag, 'v2');
    assert.equal(parseImageRef('python')?.tag, undefined);
  });

  it('rejects what is not a reference', () => {
    for (const raw of ['', 'python:${PY}', 'Python:3', 'python:', 'debian:{{', 'a b']) assert.equal(parseImageRef(raw), undefined, raw);
  });

  it('replaces the tag and keeps the digest', () => {
    assert.equal(withTag(parseImageRef('python:3.11@sha256:abc')!, '3.11-slim'), 'python:3.11-slim@sha256:abc');
    assert.equal(withTag(parseImageRef('python')!, 'slim'), 'python:slim');
  });
});

describe('describeImage', () => {
  it('offers the slim variant of full language images, in each family\'s spelling', () => {
    assert.equal(infoOf('python:3.11')?.slimAlternative, 'python:3.11-slim');
    assert.equal(infoOf('python:3.11-bookworm')?.slimAlternative, 'python:3.11-slim-bookworm');
    assert.equal(infoOf('python:3.8-stretch')?.slimAlternative, 'python:3.8-slim-stretch');
    assert.equal(infoOf('python')?.slimAlternative, 'python:slim');
    assert.equal(infoOf('node:20-bookworm')?.slimAlternative, 'node:20-bookworm-slim');
    assert.equal(infoOf('node:lts')?.slimAlternative, 'node:lts-slim');
    assert.equal(infoOf('ruby:3.3-bookworm')?.slimAlternative, 'ruby:3.3-slim-bookworm');
    assert.equal(infoOf('debian:bookworm')?.slimAlternative, 'debian:bookworm-slim');
  });

  it('offers nothing for slim, alpine, Windows, Go and backports images', () => {
    for (const raw of ['python:3.11-slim', 'python:3.11-slim-bookworm', 'node:20-bookworm-slim', 'python:3.12-alpine', 'python:3.12-windowsservercore-ltsc2022', 'golang:1.22', 'debian:bookworm-backports', 'debian:bookworm-slim']) {
      assert.equal(infoOf(raw)?.slimAlternative, undefined, raw);
    }
    assert.equal(infoOf('python:3.11-slim')?.variant, 'slim');
    assert.equal(infoOf('python:3.12-alpine')?.os, 'alpine');
  });

  it('reads CUDA version, variant and cuDNN from nvidia/cuda tags', () => {
    const info = infoOf('nvidia/cuda:12.1.1-cudnn8-devel-ubuntu22.04');
    assert.equal(info?.family, 'cuda');
    assert.equal(info?.cuda, true);
    assert.equal(info?.cudaVersion, '12.1.1');
    assert.equal(info?.variant, 'devel');
    assert.equal(info?.cudnn, true);
    assert.equal(info?.os, 'ubuntu');
    assert.equal(info?.runtimeAlternative, 'nvidia/cuda:12.1.1-cudnn8-runtime-ubuntu22.04');
    assert.equal(infoOf('nvidia/cuda:12.4.1-runtime-ubuntu22.04')?.runtimeAlternative, undefined);
    assert.equal(infoOf('nvidia/cuda:11.8.0-base-ubi8')?.variant, 'base');
  });

  it('reads pytorch/pytorch tags', () => {
    const info = infoOf('pytorch/pytorch:2.3.1-cuda12.1-cudnn8-devel');
    assert.equal(info?.family, 'pytorch');
    assert.equal(info?.cudaVersion, '12.1');
    assert.equal(info?.variant, 'devel');
    assert.equal(info?.runtimeAlternative, 'pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime');
  });

  it('knows NGC containers have CUDA, of a version the tag does not say', () => {
    const info = infoOf('nvcr.io/nvidia/pytorch:24.01-py3');
    assert.equal(info?.family, 'ngc');
    assert.equal(info?.cuda, true);
    assert.equal(info?.cudaVersion, undefined);
    assert.equal(info?.runtimeAlternative, undefined);
  });

  it('tells TensorFlow GPU images from CPU ones', () => {
    assert.equal(infoOf('tensorflow/tensorflow:2.15.0-gpu')?.cuda, true);
    assert.equal(infoOf('tensorflow/tensorflow:2.15.0')?.cuda, false);
  });

  it('knows which images run as a non-root user', () => {
    assert.equal(infoOf('gcr.io/distroless/python3-debian12:nonroot')?.nonRoot, true);
    assert.equal(infoOf('gcr.io/distroless/python3-debian12')?.nonRoot, false);
    assert.equal(infoOf('python:3.11-slim')?.nonRoot, false);
  });

  it('stays silent on unknown images', () => {
    assert.equal(infoOf('ghcr.io/acme/python:3.11'), undefined);
    assert.equal(infoOf('buildpack-deps:bookworm'), undefined);
  });

  it('describes ARG-resolved tags', () => {
    const model = new DockerfileModel('ARG PY=3.11\nARG CUDA=12.4.1\nFROM python:${PY}-bookworm AS cpu\nFROM nvidia/cuda:${CUDA}-cudnn-devel-ubuntu22.04');
    assert.equal(model.stages[0].imageInfo?.slimAlternative, 'python:3.11-slim-bookworm');
    assert.equal(model.stages[1].imageInfo?.cudaVersion, '12.4.1');
    assert.equal(model.stages[1].imageInfo?.runtimeAlternative, 'nvidia/cuda:12.4.1-cudnn-runtime-ubuntu22.04');
  });
});

describe('rewriteFromImage', () => {
  const rewrite = (text: string, target: string) => {
    const model = new DockerfileModel(text);
    const edit = rewriteFromImage(model, model.finalStage!, target);
    return edit && text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
  };

  it('edits literal text in place', () => {
    assert.equal(rewrite('FROM python:3.11 AS app', 'python:3.11-slim'), 'FROM python:3.11-slim AS app');
    assert.equal(rewrite('FROM python:latest', 'python:slim'), 'FROM python:slim');
  });

  it('inserts next to a variable, or edits the ARG default that is used only there', () => {
    assert.equal(rewrite('ARG PY=3.11\nFROM python:${PY}', 'python:3.11-slim'), 'ARG PY=3.11\nFROM python:${PY}-slim');
    assert.equal(rewrite("ARG PY='3.11-bookworm'\nFROM python:$PY", 'python:3.11-slim-bookworm'), "ARG PY='3.11-slim-bookworm'\nFROM python:$PY");
    assert.equal(rewrite('ARG PY=3.11-bookworm\nFROM python:${PY}\nRUN echo ${PY}', 'python:3.11-slim-bookworm'), undefined);
    assert.equal(rewrite('ARG A=3.11\nARG PY=${A}-bookworm\nFROM python:${PY}', 'python:3.11-slim-bookworm'), undefined);
  });
});

describe('wheels', () => {
  it('reads CUDA versions from PyTorch tags', () => {
    assert.deepEqual(cudaOfTorchTag('cu121'), { major: 12, minor: 1 });
    assert.deepEqual(cudaOfTorchTag('cu92'), { major: 9, minor: 2 });
    assert.deepEqual(cudaOfTorchTag('cu130'), { major: 13, minor: 0 });
    assert.equal(cudaOfTorchTag('cpu'), undefined);
  });

  it('picks the highest build of the same major not above the base', () => {
    assert.equal(bestTorchTag({ major: 12, minor: 2 }), 'cu121');
    assert.equal(bestTorchTag({ major: 12, minor: 4 }), 'cu124');
    assert.equal(bestTorchTag({ major: 12, minor: 7 }), 'cu126');
    assert.equal(bestTorchTag({ major: 11, minor: 8 }), 'cu118');
    assert.equal(bestTorchTag({ major: 11, minor: 4 }), 'cu113');
    assert.equal(bestTorchTag({ major: 13, minor: 1 }), 'cu130');
    assert.equal(bestTorchTag({ major: 12, minor: 0 }), undefined);
    assert.equal(bestTorchTag({ major: 12, minor: 4 }, '2.3'), 'cu121');
    assert.equal(bestTorchTag({ major: 12, minor: 9 }, '2.9'), 'cu128');
    assert.equal(bestTorchTag({ major: 12, minor: 1 }, '2.0'), undefined);
  });

  it('reads the pinned PyTorch release', () => {
    const words = (...values: string[]) => values.map((value) => ({ value, start: 0, end: 0 }));
    assert.equal(torchRelease(words('numpy', 'torch==2.3.1')), '2.3');
    assert.equal(torchRelease(words('torchvision==0.18.1+cu121')), '2.3');
    assert.equal(torchRelease(words('torchvision==0.14.1')), '1.13');
    assert.equal(torchRelease(words('torchaudio==2.1.0')), '2.1');
    assert.equal(torchRelease(words('torch>=2.1')), undefined);
  });

  it('recognises torch requirements', () => {
    for (const yes of ['torch', 'torch==2.3.1', 'torchvision>=0.18', 'torch[opt-einsum]', 'torch==${TORCH}', 'torch;sys_platform=="linux"']) assert.ok(isTorchPackage(yes), yes);
    for (const no of ['torch-geometric', 'pytorch-lightning', 'torchmetrics', 'torchserve']) assert.ok(!isTorchPackage(no), no);
  });

  it('finds tags in index URLs, local versions, JAX extras and uv backends, with document offsets', () => {
    const text = `pip install "torch==2.1.0+cu121" --index-url=https://download.pytorch.org/whl/nightly/cu121 "jax[cuda12_pip]" --torch-backend cpu`;
    const words = text.split(' ').map((value, i, all) => {
      const start = all.slice(0, i).join(' ').length + (i > 0 ? 1 : 0);
      return { value: value.replace(/"/g, ''), start, end: start + value.length };
    });
    assert.deepEqual(
      wheelTags(text, words).map((t) => [t.family, t.source, t.tag, text.slice(t.start, t.end)]),
      [
        ['torch', 'version', 'cu121', 'cu121'],
        ['torch', 'index', 'cu121', 'cu121'],
        ['jax', 'extra', 'cuda12_pip', 'cuda12_pip'],
        ['torch', 'backend', 'cpu', 'cpu'],
      ],
    );
  });
});
