// An image without a tag, or tagged `latest`, is whatever was pushed last: the stack changes under you
// between two `docker compose pull`s, and a rollback cannot name what used to run.
import { parseImageRef } from '../../images/imageRef';
import { isLocalImageName } from '../../images/official';
import type { ComposeRule } from '../types';

export const rule: ComposeRule = {
  id: 'unpinned-image',
  kind: 'compose',
  severity: 'warning',
  fixable: false,
  docs: {
    summary: 'An `image:` without a tag, or with `:latest`.',
    rationale:
      'An untagged image means `:latest`, which moves whenever its publisher pushes: two machines, or the same machine a week ' +
      'apart, run different model servers and databases from one Compose file, and nothing records which. Pin a version tag, ' +
      'and a digest (`@sha256:…`) where reproducibility matters. Images that Compose builds (services with `build:`), other ' +
      'services that run such a built image by its name, bare names that are not Docker Hub official images (`qdrant_consensus`: ' +
      'nothing can pull them, so a script builds them first), and `${VAR}` images are left alone; there is no mechanical fix, as only you know which version you tested.',
    bad: 'services:\n  redis:\n    image: redis\n  tgi:\n    image: ghcr.io/huggingface/text-generation-inference:latest\n',
    good: 'services:\n  redis:\n    image: redis:7.2-alpine\n  tgi:\n    image: ghcr.io/huggingface/text-generation-inference:2.2.0\n',
  },
  messages: {
    untagged: '`{image}` has no tag, so it means `:latest` and changes whenever it is pushed; pin a version tag.',
    latest: '`{image}` uses `:latest`, which changes whenever it is pushed; pin a version tag.',
  },
  check(ctx) {
    const model = ctx.model;
    const reported = new Set<string>();
    // Images this file builds (`build:` with `image:`): other services that name them run the local build, not a pull.
    const built = new Set(model.services.filter((s) => model.get(s, 'build') !== undefined).map((s) => model.getText(s, 'image')));
    for (const service of model.services) {
      // With `build:`, `image:` names the image Compose builds, not one it pulls.
      if (model.get(service, 'build') !== undefined) continue;
      const node = model.get(service, 'image');
      const image = model.getText(service, 'image');
      if (image !== undefined && built.has(image)) continue;
      const ref = image === undefined ? undefined : parseImageRef(image);
      if (!node || !ref || ref.digest) continue;
      // A bare name that no official image has cannot be pulled: a test harness or script builds it first.
      if (isLocalImageName(ref)) continue;
      if (ref.tag !== undefined && ref.tag !== 'latest') continue;
      const range = model.rangeOf(node)!;
      const key = JSON.stringify(range);
      if (reported.has(key)) continue;
      reported.add(key);
      ctx.report({ messageId: ref.tag === undefined ? 'untagged' : 'latest', data: { image: ref.raw }, range });
    }
  },
};
