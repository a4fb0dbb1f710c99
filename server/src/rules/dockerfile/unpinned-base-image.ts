// A base image without a tag, or tagged `latest`, changes under the Dockerfile: builds stop being reproducible.
import { parseImageRef } from '../../images/imageRef';
import { isLocalImageName } from '../../images/official';
import type { DockerfileModel } from '../../dockerfile/model';
import type { DockerfileRule } from '../types';

export const rule: DockerfileRule = {
  id: 'unpinned-base-image',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { hadolint: ['DL3006', 'DL3007'] },
  fixable: false,
  docs: {
    summary: '`FROM` an image with no tag and no digest, or with the `latest` tag.',
    rationale:
      'An untagged image means `latest`, which moves with every upstream release: the same Dockerfile silently gets a ' +
      'new Python, CUDA or PyTorch, and a build that worked yesterday breaks, or worse, trains differently. Pin a version ' +
      'tag, and a digest where builds must be bit-for-bit reproducible. A `FROM $BASE_IMAGE` whose default is made of ' +
      'other build arguments (`ARG BASE_IMAGE=$REGISTRY/$OWNER/base-notebook`) is left alone: it is one link of an image ' +
      'chain, and the build passes in the parent it has just built. So is a bare name that is not one of Docker Hub\'s official ' +
      'images (`FROM yarn-builder:latest`): nothing can pull it, so it is an image the project builds first.',
    bad: 'FROM pytorch/pytorch\nRUN pip install --no-cache-dir transformers',
    good: 'FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\nRUN pip install --no-cache-dir transformers',
  },
  messages: {
    untagged: '`{image}` has no tag, so it means `{image}:latest` and changes with every release; pin a version tag (`{image}:<version>`), or a digest (`@sha256:…`) for reproducible builds.',
    latest: '`{image}` follows the moving `latest` tag; pin a version tag (`{repository}:<version>`), or a digest (`@sha256:…`) for reproducible builds.',
  },
  check(ctx) {
    const { model } = ctx;
    const chained = chainArgs(model);
    for (const stage of model.stages) {
      const written = stage.from.args[0]?.value;
      if (!written || stage.parent) continue;
      const resolved = model.resolve(written);
      const image = resolved === undefined ? undefined : parseImageRef(resolved);
      if (!image || image.digest || (image.registry === undefined && image.repository === 'scratch')) continue;
      // A bare name that no official image has cannot be pulled: the project builds it (`tritonserver_sdk`).
      if (isLocalImageName(image)) continue;
      // `FROM $BASE_IMAGE` with a default made of other build arguments (`$REGISTRY/$OWNER/parent`): one link of an
      // image chain, where the build passes in the parent it has just built.
      const variable = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(written)?.[1];
      if (image.tag === undefined && variable !== undefined && chained.has(variable)) continue;
      if (image.tag === undefined) {
        ctx.report({ messageId: 'untagged', data: { image: image.raw }, range: stage.baseRange });
      } else if (image.tag === 'latest') {
        ctx.report({ messageId: 'latest', data: { image: image.raw, repository: image.raw.replace(/:latest$/, '') }, range: stage.baseRange });
      }
    }
  },
};

/** The global build arguments whose default is itself made of build arguments, such as `BASE=$REGISTRY/$OWNER/base`. */
function chainArgs(model: DockerfileModel): Set<string> {
  const names = new Set<string>();
  for (const instr of model.instructions) {
    // Global ARGs come before the first FROM.
    if (instr.stage) break;
    if (instr.keyword !== 'ARG') continue;
    for (const arg of instr.args) {
      const eq = arg.value.indexOf('=');
      if (eq > 0 && arg.value.slice(eq + 1).includes('$')) names.add(arg.value.slice(0, eq));
    }
  }
  return names;
}
