// Recognises PyTorch and JAX wheel builds in install commands (`--index-url .../whl/cu121`, `torch==2.1.0+cu121`,
// `jax[cuda12]`) and knows which CUDA builds PyTorch publishes, so rules can match wheels to the base image's CUDA.
import { installCommands, InstallCommand } from '../dockerfile/commands';
import type { Stage } from '../dockerfile/model';
import type { Word } from '../dockerfile/shell';
import type { ImageInfo } from './knowledge';

export interface CudaVersion {
  major: number;
  /** Undefined when only the major version is known, as in `jax[cuda12]`. */
  minor?: number;
}

/** The CUDA builds PyTorch has published wheels for, as the tags of https://download.pytorch.org/whl/<tag>. */
export const TORCH_CUDA_TAGS: readonly string[] = [
  'cu92', 'cu100', 'cu101', 'cu102', 'cu110', 'cu111', 'cu113', 'cu115', 'cu116', 'cu117', 'cu118',
  'cu121', 'cu124', 'cu126', 'cu128', 'cu129', 'cu130',
];

/** The CUDA builds of each PyTorch release (from pytorch.org's previous-versions page and release matrix). */
const TORCH_RELEASE_TAGS: Readonly<Record<string, readonly string[]>> = {
  '1.4': ['cu92', 'cu100', 'cu101'],
  '1.5': ['cu92', 'cu101', 'cu102'],
  '1.6': ['cu92', 'cu101', 'cu102'],
  '1.7': ['cu92', 'cu101', 'cu102', 'cu110'],
  '1.8': ['cu101', 'cu102', 'cu111'],
  '1.9': ['cu102', 'cu111'],
  '1.10': ['cu102', 'cu111', 'cu113'],
  '1.11': ['cu102', 'cu113', 'cu115'],
  '1.12': ['cu102', 'cu113', 'cu116'],
  '1.13': ['cu116', 'cu117'],
  '2.0': ['cu117', 'cu118'],
  '2.1': ['cu118', 'cu121'],
  '2.2': ['cu118', 'cu121'],
  '2.3': ['cu118', 'cu121'],
  '2.4': ['cu118', 'cu121', 'cu124'],
  '2.5': ['cu118', 'cu121', 'cu124'],
  '2.6': ['cu118', 'cu124', 'cu126'],
  '2.7': ['cu118', 'cu126', 'cu128'],
  '2.8': ['cu126', 'cu128', 'cu129'],
  '2.9': ['cu126', 'cu128', 'cu130'],
};

/** The CUDA majors that current JAX releases publish `jax[cudaNN]` extras for. */
const JAX_CUDA_MAJORS: ReadonlySet<number> = new Set([12, 13]);

/** `12.1.1` → 12.1; undefined when the text is not a version. */
export function parseCudaVersion(version: string | undefined): CudaVersion | undefined {
  const match = /^(\d+)\.(\d+)/.exec(version ?? '');
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

/** `cu121` → 12.1, `cu92` → 9.2, `cu130` → 13.0: the last digit is the minor version. */
export function cudaOfTorchTag(tag: string): CudaVersion | undefined {
  const match = /^cu(\d+)(\d)$/.exec(tag);
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}

/**
 * The PyTorch build to use on a base image with CUDA `base`: the same major version and the highest minor
 * version not above the base's, among the builds of `release` (`2.1`) when it is known, else among all builds.
 */
export function bestTorchTag(base: CudaVersion, release?: string): string | undefined {
  const tags = (release !== undefined && TORCH_RELEASE_TAGS[release]) || TORCH_CUDA_TAGS;
  let best: string | undefined;
  let bestMinor = -1;
  for (const tag of tags) {
    const cuda = cudaOfTorchTag(tag);
    if (!cuda || cuda.major !== base.major || cuda.minor === undefined) continue;
    if (cuda.minor <= (base.minor ?? 0) && cuda.minor > bestMinor) {
      best = tag;
      bestMinor = cuda.minor;
    }
  }
  return best;
}

/** The JAX extra for a CUDA major version, when current JAX publishes one. */
export function jaxCudaExtra(major: number): string | undefined {
  return JAX_CUDA_MAJORS.has(major) ? `cuda${major}` : undefined;
}

/** One build tag of a PyTorch or JAX wheel, as written in a command or an ENV/ARG value. */
export interface WheelTag {
  family: 'torch' | 'jax';
  /**
   * Where the tag is written: a PyTorch index URL, the URL of one file (a wheel, or a find-links page such as
   * `/whl/cu118/torch_stable.html`, whose tag cannot simply be swapped), a local version (`torch==2.1.0+cu121`),
   * a JAX extra (`jax[cuda12]`) or uv's `--torch-backend`.
   */
  source: 'index' | 'file' | 'version' | 'extra' | 'backend';
  /** The tag as written: `cu121`, `cpu`, `rocm6.1`, `xpu`; for JAX the extra's name, such as `cuda12_pip`. */
  tag: string;
  /** The CUDA version the tag stands for; undefined for CPU, ROCm and XPU builds. */
  cuda?: CudaVersion;
  /** Offsets of the tag in the document. */
  start: number;
  end: number;
}

const TORCH_URL = /download\.pytorch\.org\/whl\/(?:(?:nightly|test)\/)?(cu\d+|cpu|rocm\d+(?:\.\d+)*|xpu)(?![\w.-])/g;
const TORCH_LOCAL_VERSION = /(?<![\w.-])(?:torch|torchvision|torchaudio)(?:\[[^\]]*\])?\s*(?:===?|~=|>=|<=)\s*v?\d[\w.]*\+(cu\d+|cpu|rocm\d+(?:\.\d+)*)(?![\w.])/g;
const JAX_EXTRAS = /(?<![\w.-])jax(?:lib)?\[([^\]]*)\]/g;
const JAX_CUDA_EXTRA = /^cuda(\d+)(.*)$/;
const FILE_URL_REST = /^\/[^\s'"]*\.(?:whl|html)/;
const BACKEND = /^(?:cu\d+|cpu)$/;
const PINNED_TORCH = /^(torch|torchvision|torchaudio)(?:\[[^\]]*\])?\s*(?:===?|~=)\s*v?(\d+)\.(\d+)/;

/** The PyTorch and JAX build tags in the words of one install command. */
export function wheelTags(text: string, words: Word[]): WheelTag[] {
  const tags: WheelTag[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (word.value === '--torch-backend' && words[i + 1]) {
      pushBackend(tags, text, words[i + 1].start, words[i + 1].end);
      continue;
    }
    if (word.value.startsWith('--torch-backend=')) {
      pushBackend(tags, text, word.start + '--torch-backend='.length, word.end);
      continue;
    }
    if (!word.value.includes('torch') && !word.value.includes('jax')) continue;
    scanText(tags, text, word.start, word.end);
  }
  return tags;
}

/** The PyTorch index URLs written in a span of the document, such as an `ENV PIP_EXTRA_INDEX_URL=...` line. */
export function torchUrlTags(text: string, start: number, end: number): WheelTag[] {
  const tags: WheelTag[] = [];
  const raw = text.slice(start, end);
  if (!raw.includes('download.pytorch.org')) return tags;
  pushUrlTags(tags, raw, start);
  return tags;
}

function scanText(tags: WheelTag[], text: string, start: number, end: number): void {
  const raw = text.slice(start, end);
  if (raw.includes('download.pytorch.org')) pushUrlTags(tags, raw, start);
  TORCH_LOCAL_VERSION.lastIndex = 0;
  for (let m = TORCH_LOCAL_VERSION.exec(raw); m; m = TORCH_LOCAL_VERSION.exec(raw)) {
    const tagEnd = start + m.index + m[0].length;
    tags.push(torchTag('version', m[1], tagEnd - m[1].length, tagEnd));
  }
  JAX_EXTRAS.lastIndex = 0;
  for (let m = JAX_EXTRAS.exec(raw); m; m = JAX_EXTRAS.exec(raw)) {
    let offset = start + m.index + m[0].indexOf('[') + 1;
    for (const part of m[1].split(',')) {
      const extra = part.trim();
      const cuda = JAX_CUDA_EXTRA.exec(extra);
      if (cuda) {
        const digits = cuda[1];
        const major = Number(digits.length > 2 ? digits.slice(0, 2) : digits);
        const at = offset + part.indexOf(extra);
        tags.push({ family: 'jax', source: 'extra', tag: extra, cuda: { major }, start: at, end: at + extra.length });
      }
      offset += part.length + 1;
    }
  }
}

function pushUrlTags(tags: WheelTag[], raw: string, start: number): void {
  TORCH_URL.lastIndex = 0;
  for (let m = TORCH_URL.exec(raw); m; m = TORCH_URL.exec(raw)) {
    const tagEnd = start + m.index + m[0].length;
    const rest = raw.slice(m.index + m[0].length);
    const source = FILE_URL_REST.test(rest) ? 'file' : 'index';
    tags.push(torchTag(source, m[1], tagEnd - m[1].length, tagEnd));
  }
}

function pushBackend(tags: WheelTag[], text: string, start: number, end: number): void {
  const value = text.slice(start, end);
  if (BACKEND.test(value)) tags.push(torchTag('backend', value, start, end));
}

function torchTag(source: WheelTag['source'], tag: string, start: number, end: number): WheelTag {
  return { family: 'torch', source, tag, cuda: cudaOfTorchTag(tag), start, end };
}

const TORCH_PACKAGE = /^(?:torch|torchvision|torchaudio)(?:\[[^\]]*\])?(?:\s*[=<>!~;,@].*)?$/;

/** True for a requirement naming torch, torchvision or torchaudio, with or without a version. */
export function isTorchPackage(requirement: string): boolean {
  return TORCH_PACKAGE.test(requirement);
}

/**
 * The PyTorch release (`2.1`) that one command pins with `==` or `~=`, read from the torch requirement or,
 * failing that, from torchvision's or torchaudio's, whose versions follow torch's.
 */
export function torchRelease(requirements: Word[]): string | undefined {
  let fromCompanion: string | undefined;
  for (const word of requirements) {
    const match = PINNED_TORCH.exec(word.value);
    if (!match) continue;
    const major = Number(match[2]);
    const minor = Number(match[3]);
    if (match[1] === 'torch') return `${major}.${minor}`;
    if (fromCompanion !== undefined) continue;
    if (match[1] === 'torchvision' && major === 0) fromCompanion = minor >= 15 ? `2.${minor - 15}` : `1.${minor - 1}`;
    if (match[1] === 'torchaudio') fromCompanion = major === 0 ? `1.${minor}` : `${major}.${minor}`;
  }
  return fromCompanion;
}

/** The stage whose base image a stage is built on, following `FROM <stage>`, with what is known about the image. */
export function stageBase(stage: Stage): { stage: Stage; info: ImageInfo } | undefined {
  const seen = new Set<Stage>();
  let current: Stage | undefined = stage;
  while (current && !seen.has(current)) {
    seen.add(current);
    if (current.imageInfo) return { stage: current, info: current.imageInfo };
    current = current.parent;
  }
  return undefined;
}

/** `pip install`, `uv pip install` and `uv add`: the installs that can fetch PyTorch or JAX wheels. */
export function isPythonInstall(install: InstallCommand): boolean {
  return install.manager === 'pip' || (install.manager === 'uv' && (install.verb.value === 'install' || install.verb.value === 'add'));
}

/** The wheel tags of one install command, or of one ENV or ARG instruction, with the PyTorch release it pins. */
export interface WheelTagGroup {
  tags: WheelTag[];
  release?: string;
}

/** The wheel tags that a stage's RUN, ENV and ARG instructions write, grouped by command. */
export function stageWheelTags(stage: Stage): WheelTagGroup[] {
  const groups: WheelTagGroup[] = [];
  for (const instr of stage.instructions) {
    if (instr.keyword === 'RUN') {
      for (const install of installCommands(instr)) {
        if (!isPythonInstall(install)) continue;
        const tags = wheelTags(instr.model.text, install.args);
        if (tags.length > 0) groups.push({ tags, release: torchRelease(install.packages) });
      }
    } else if ((instr.keyword === 'ENV' || instr.keyword === 'ARG') && instr.argsRange) {
      const { lines, text } = instr.model;
      const tags = torchUrlTags(text, lines.offsetAt(instr.argsRange.start), lines.offsetAt(instr.argsRange.end));
      if (tags.length > 0) groups.push({ tags });
    }
  }
  return groups;
}
