// Training and evaluation jobs only read their datasets; a writable bind mount lets a bug or a stray
// `rm -rf` in the container change or delete the host's only copy.
import { isAlias, isMap, isScalar, Scalar, YAMLMap } from '../../compose/yamlNodes';
import { appendEntry, contentSpan, entries, entry, seqItems, splitShortSyntax, text } from '../../compose/yaml';
import { insertAt } from '../edits';
import type { ComposeContext, ComposeRule, Fix } from '../types';
import { isDatabaseService } from './database-port-published';

/** Path segments that name a dataset wherever they appear, in the host path or the container path. */
const DATASET_SEGMENT = /^(datasets?|corpus|corpora|imagenet|coco|mnist|cifar-?(10|100)|librispeech)$/i;

/** Words of a `${VAR}` source that say it is a data folder (`${DATA_DIR}`, `${DATASET_PATH:-./data}`). */
const DATA_VARIABLE = /\$\{?([A-Za-z0-9_]*_)?(DATA|DATASETS?)(_[A-Za-z0-9_]*)?\b/i;

/** Last segments of folders a job writes to, even under a data folder (`./data/output`). */
const OUTPUT_SEGMENT = /^(outputs?|results?|checkpoints?|ckpts?|logs?|runs|cache|artifacts|uploads)$/i;

/**
 * Whether a bind mount looks like a dataset: a dataset segment anywhere, or a host folder named `data`.
 * A subfolder of `data` mounted as something else (`./data/prometheus:/prometheus`) is an application's state.
 */
function isDatasetMount(source: string, target: string): boolean {
  const sourceSegments = source.split(/[\\/]+/).filter(Boolean);
  const targetSegments = target.split('/').filter(Boolean);
  if (OUTPUT_SEGMENT.test(sourceSegments.at(-1) ?? '') || OUTPUT_SEGMENT.test(targetSegments.at(-1) ?? '')) return false;
  // State folders of the container (a database's `/var/lib/...`) must stay writable whatever they are called.
  if (target.startsWith('/var/lib/')) return false;
  return (
    [...sourceSegments, ...targetSegments].some((s) => DATASET_SEGMENT.test(s)) ||
    sourceSegments.at(-1)?.toLowerCase() === 'data' ||
    DATA_VARIABLE.test(source)
  );
}

/** Whether a short-syntax source is a host path (a bind mount) rather than a named volume. */
function isHostPath(source: string): boolean {
  return /^([./~$]|[A-Za-z]:[\\/])/.test(source);
}

const fixTitle = 'Mount the dataset read-only';

function checkShort(ctx: ComposeContext, node: Scalar, editable: boolean): void {
  const model = ctx.model;
  const spec = String(node.value);
  const [source, target, mode, ...rest] = splitShortSyntax(spec);
  if (target === undefined || rest.length > 0 || !isHostPath(source) || !isDatasetMount(source, target)) return;
  const options = mode === undefined ? [] : mode.split(',');
  // An explicit `rw` is a decision (a preprocessing job writing into its data), not an oversight.
  if (options.includes('ro') || options.includes('rw')) return;
  const content = contentSpan(node);
  const fixes: Fix[] = [];
  if (editable && content) {
    fixes.push({ title: fixTitle, preferred: true, safe: false, edits: [insertAt(model.lines.positionAt(content[1]), mode === undefined || mode === '' ? ':ro' : ',ro')] });
  }
  ctx.report({ messageId: 'writable', data: { target, how: '`:ro`' }, range: model.rangeOf(node)!, fixes });
}

function checkLong(ctx: ComposeContext, node: YAMLMap, editable: boolean): void {
  const model = ctx.model;
  const doc = model.doc;
  const keys = entries(doc, node);
  const find = (key: string) => keys.find((e) => e.name === key);
  const source = text(doc, find('source')?.value);
  const target = text(doc, find('target')?.value);
  if (text(doc, find('type')?.value) !== 'bind' || source === undefined || target === undefined) return;
  // `read_only: false` is a decision, like `:rw`.
  if (find('read_only') !== undefined || !isDatasetMount(source, target)) return;
  const fixes: Fix[] = [];
  const insert = editable ? appendEntry(model.lines, node, 'read_only: true') : undefined;
  if (insert) fixes.push({ title: fixTitle, preferred: true, safe: false, edits: [insertAt(model.lines.positionAt(insert.offset), insert.text)] });
  const at = find('source')!;
  ctx.report({ messageId: 'writable', data: { target, how: '`read_only: true`' }, range: model.rangeOf(at.value)!, fixes });
}

export const rule: ComposeRule = {
  id: 'dataset-mount-writable',
  kind: 'compose',
  severity: 'info',
  fixable: true,
  docs: {
    summary: 'A dataset folder bind-mounted read-write.',
    rationale:
      'A training or evaluation job reads its dataset; it has no reason to write to it. Mounted read-write, a bug in a data ' +
      'loader, a cleanup step or a stray `rm -rf` inside the container changes or deletes the files on the host, often the only ' +
      'copy. `:ro` (or `read_only: true` in the long syntax) makes the kernel refuse such writes. A path counts as a dataset when ' +
      'a folder in it is named `datasets`, `corpus`, `imagenet` and the like, or when the host path has a `data` folder; database ' +
      'services, `/var/lib/…` targets, output folders and mounts marked `:rw` are left alone, as are named volumes and ' +
      'subfolders of `data/` mounted as something else (`./data/prometheus:/prometheus` is an application\'s state).',
    bad:
      'services:\n  trainer:\n    image: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n    volumes:\n' +
      '      - ./data/imagenet:/datasets/imagenet\n      - ./checkpoints:/checkpoints\n',
    good:
      'services:\n  trainer:\n    image: pytorch/pytorch:2.3.1-cuda12.1-cudnn8-runtime\n    volumes:\n' +
      '      - ./data/imagenet:/datasets/imagenet:ro\n      - ./checkpoints:/checkpoints\n',
    fixSafety: 'unsafe',
  },
  messages: {
    writable: 'The dataset mounted at `{target}` is writable; mount it read-only ({how}) so a job cannot change or delete the data.',
  },
  check(ctx) {
    const model = ctx.model;
    const doc = model.doc;
    // A mount inherited by several services is reported once, where it is written.
    const seen = new Set<unknown>();
    for (const service of model.services) {
      const volumes = entry(doc, service.node, 'volumes');
      if (!volumes || isDatabaseService(model, service)) continue;
      // A list inherited through `<<` or an alias is written elsewhere, and editing it here would change other services.
      const shared = volumes.merged || isAlias(volumes.value);
      for (const item of seqItems(doc, volumes.value)) {
        if (seen.has(item.node)) continue;
        seen.add(item.node);
        const editable = !shared && !item.aliased;
        if (isScalar(item.node)) checkShort(ctx, item.node, editable);
        else if (isMap(item.node)) checkLong(ctx, item.node, editable);
      }
    }
  },
};
