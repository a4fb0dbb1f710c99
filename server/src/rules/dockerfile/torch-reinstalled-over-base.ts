// Installing another PyTorch over an image that ships one (pytorch/pytorch, NGC PyTorch) stores both in the image.
import { hasFlag, installCommands, packageName } from '../../dockerfile/commands';
import { isPythonInstall, stageBase } from '../../images/wheels';
import type { DockerfileRule } from '../types';

/** A version requirement on torch: `torch==2.5.1`, `torch>=2.4,<2.6`, `torch~=2.3.0`. */
const SPEC = /^torch(?:\[[^\]]*\])?\s*((?:(?:===?|~=|>=|<=|>|<|!=)\s*[\w.*+!-]+\s*,?\s*)+)$/;

export const rule: DockerfileRule = {
  id: 'torch-reinstalled-over-base',
  kind: 'dockerfile',
  severity: 'warning',
  fixable: false,
  docs: {
    summary: 'A `pip install` that replaces the PyTorch of a `pytorch/pytorch` or NGC PyTorch base image with another one.',
    rationale:
      'These images exist to ship a tested PyTorch: `pytorch/pytorch:2.3.1-…` has torch 2.3.1, and NGC builds its own ' +
      '(`2.4.0a0+…`, with NVIDIA patches and matching cuDNN, NCCL and Apex). A requirement the installed version does not ' +
      'meet, or `--upgrade`/`--force-reinstall`, makes pip download a second PyTorch of several gigabytes with its own CUDA ' +
      'libraries; the first stays in the base layers, and the NGC extras built against it may no longer load. No PyPI ' +
      'pin matches an NGC build, whose versions are pre-releases. Pick the base image whose PyTorch you need, or start ' +
      'from a CUDA or Python image and install PyTorch once.',
    bad: 'FROM pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\nRUN pip install --no-cache-dir torch==2.5.1 transformers',
    good: 'FROM pytorch/pytorch:2.5.1-cuda12.4-cudnn9-runtime\nRUN pip install --no-cache-dir transformers',
  },
  messages: {
    version: '`{requirement}` replaces the torch {installed} that `{image}` ships with another download of several GB; use the base image of the version you need.',
    ngc: "`{requirement}` replaces NVIDIA's PyTorch build in `{image}`, whose pre-release version no PyPI pin matches, with a PyPI download of several GB; keep the image's torch or start from a CUDA image.",
    upgrade: '`{flag}` replaces the torch that `{image}` ships with another download of several GB; drop torch from this install or use the base image of the version you need.',
  },
  check(ctx) {
    const { model } = ctx;
    for (const stage of model.shippedStages) {
      const base = stageBase(stage);
      const image = base?.stage.image;
      if (!base || !image) continue;
      const ngc = image.registry === 'nvcr.io' && image.repository === 'nvidia/pytorch';
      if (base.info.family !== 'pytorch' && !ngc) continue;
      const installed = ngc ? undefined : /^(\d+\.\d+\.\d+)/.exec(image.tag ?? '')?.[1];
      for (const instr of stage.instructions) {
        for (const install of installCommands(instr)) {
          if (!isPythonInstall(install)) continue;
          const torch = install.packages.find((w) => packageName(install, w) === 'torch');
          if (!torch) continue;
          const flag = install.args.find((w) => ['-U', '--upgrade', '--force-reinstall', '-I', '--ignore-installed', '--reinstall'].includes(w.value));
          const spec = SPEC.exec(torch.value.replace(/\s+/g, ''))?.[1];
          const data = { requirement: torch.value, image: base.stage.baseText, installed: installed ?? '' };
          const range = model.lines.range(torch.start, torch.end);
          if (spec && ngc) ctx.report({ messageId: 'ngc', data, range });
          else if (spec && installed && !satisfies(installed, spec)) ctx.report({ messageId: 'version', data, range });
          else if (flag && !(spec && installed && satisfies(installed, spec) && !hasFlag(install.args, '--force-reinstall', '-I', '--ignore-installed', '--reinstall'))) {
            ctx.report({ messageId: 'upgrade', data: { ...data, flag: flag.value }, range: model.lines.range(flag.start, flag.end) });
          }
        }
      }
    }
  },
};

/** True when a version meets every clause of a requirement (`==2.3.*`, `>=2.1,<2.4`, `~=2.3.0`). */
function satisfies(version: string, spec: string): boolean {
  return spec.split(',').filter((c) => c !== '').every((clause) => {
    const [, op, want] = /^(===?|~=|>=|<=|>|<|!=)(.+)$/.exec(clause) ?? [];
    if (!op) return true;
    if (op === '==' || op === '===') return want.endsWith('.*') ? version.startsWith(want.slice(0, -1)) : compare(version, want) === 0;
    if (op === '!=') return compare(version, want) !== 0;
    if (op === '~=') {
      const parts = want.split('.');
      return compare(version, want) >= 0 && version.startsWith(`${parts.slice(0, -1).join('.')}.`);
    }
    const c = compare(version, want);
    return op === '>=' ? c >= 0 : op === '<=' ? c <= 0 : op === '>' ? c > 0 : c < 0;
  });
}

/** Compares release numbers (`2.3.1` against `2.3`), local versions ignored. */
function compare(a: string, b: string): number {
  const pa = a.split('+')[0].split('.').map((p) => parseInt(p, 10) || 0);
  const pb = b.split('+')[0].split('.').map((p) => parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
