// A top-level volume that no service mounts is dead configuration, and often a sign that a mount points elsewhere.
import { project, removeDeclarationEdit } from '../../compose/references';
import type { ComposeRule } from '../types';

export const rule: ComposeRule = {
  id: 'unused-volume',
  kind: 'compose',
  severity: 'info',
  fixable: true,
  docs: {
    summary: 'A top-level volume that no service mounts.',
    rationale:
      'A declared volume that no service mounts is never created. Often it is the sign of a mount that went elsewhere: ' +
      'checkpoints written to a bind mount or into the container layer, and lost with it, while the `checkpoints` volume stays empty. ' +
      '`external: true` declarations are reported too: no service of the project mounts them. ' +
      'Uses in the files Compose loads with this one (overrides, `include:`d files, files that services `extends`) count, and a file without services is not checked. ' +
      'The quick fix removes the declaration; it is not applied by `dockml fix`, because an override file that DockML does not see may use it.',
    bad:
      'services:\n  trainer:\n    image: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n    volumes:\n      - ./checkpoints:/workspace/checkpoints\n' +
      'volumes:\n  checkpoints:\n',
    good:
      'services:\n  trainer:\n    image: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n    volumes:\n      - checkpoints:/workspace/checkpoints\n' +
      'volumes:\n  checkpoints:\n',
    fixSafety: 'unsafe',
  },
  messages: {
    unused: 'No service mounts volume `{name}`; mount it or remove it.',
  },
  check(ctx) {
    const model = ctx.model;
    if (model.services.length === 0) return;
    const proj = project(model, ctx.path, ctx.files);
    for (const declaration of model.declared('volumes').values()) {
      if (declaration.merged || proj.uses('volume', declaration.name)) continue;
      const edit = removeDeclarationEdit(model, 'volumes', declaration);
      ctx.report({
        messageId: 'unused',
        data: { name: declaration.name },
        range: declaration.keyRange,
        fixes: edit ? [{ title: `Remove volume \`${declaration.name}\``, safe: false, edits: [edit] }] : [],
      });
    }
  },
};
