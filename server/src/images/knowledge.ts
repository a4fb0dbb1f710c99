// What DockML knows, offline, about common base images: family, variant, CUDA version, OS, default user,
// and the slimmer or runtime alternative. Unknown images yield undefined, and rules stay silent on them.
import { ImageRef, withTag } from './imageRef';

export type ImageFamily =
  | 'python' | 'node' | 'ruby' | 'golang' | 'cuda' | 'pytorch' | 'tensorflow' | 'ngc'
  | 'debian' | 'ubuntu' | 'alpine' | 'distroless' | 'scratch';

export type ImageVariant = 'full' | 'slim' | 'alpine' | 'base' | 'runtime' | 'devel';

export interface ImageInfo {
  family: ImageFamily;
  variant?: ImageVariant;
  /** True when the image ships the CUDA runtime; false when it certainly does not. */
  cuda: boolean;
  /** The CUDA version as written in the tag (`12.1.1`, `11.8`), when the tag says it. */
  cudaVersion?: string;
  cudnn?: boolean;
  /** The OS family, which decides how users are created (`useradd` vs `adduser -D`). */
  os?: 'debian' | 'ubuntu' | 'alpine' | 'distroless';
  /** True when the image's default user is not root. */
  nonRoot: boolean;
  /** The same image in its `-slim` variant, when the image is a full one that has such a variant. */
  slimAlternative?: string;
  /** The same image in its `runtime` variant, when it is a CUDA `devel` image that has one. */
  runtimeAlternative?: string;
  /** One line for hovers. */
  description: string;
}

const hub = (ref: ImageRef, name: string) => ref.registry === undefined && ref.repository === name;

/** Tags of the official Debian-based language images: `3.11`, `3.11-bookworm`, `3.11-slim`, `3.11-alpine3.20`. */
function languageImage(ref: ImageRef, family: ImageFamily, label: string): ImageInfo {
  const tag = ref.tag ?? 'latest';
  const os = /alpine/.test(tag) ? 'alpine' : undefined;
  const variant: ImageVariant = /slim/.test(tag) ? 'slim' : os === 'alpine' ? 'alpine' : 'full';
  let slimAlternative: string | undefined;
  if (variant === 'full' && !/windowsservercore|nanoserver/.test(tag) && family !== 'golang') {
    slimAlternative = withTag(ref, slimTag(family, tag));
  }
  return {
    family,
    variant,
    cuda: false,
    os: os ?? 'debian',
    nonRoot: false,
    slimAlternative,
    description: `${label} ${variant === 'full' ? '(full Debian image with compilers, ~1 GB)' : `(${variant})`}`,
  };
}

/** The slim tag for a full tag: python writes `3.11-slim-bookworm`, node writes `20-bookworm-slim`. */
function slimTag(family: ImageFamily, tag: string): string {
  if (tag === 'latest') return 'slim';
  const distro = /^(.*?)-?(trixie|bookworm|bullseye|buster|stretch|jessie)$/.exec(tag);
  if (distro) {
    const version = distro[1];
    if (family === 'node') return version ? `${version}-${distro[2]}-slim` : `${distro[2]}-slim`;
    return version ? `${version}-slim-${distro[2]}` : `slim-${distro[2]}`;
  }
  return `${tag}-slim`;
}

/** `12.1.1-cudnn8-devel-ubuntu22.04`, `12.6.3-cudnn-runtime-ubuntu24.04`, `11.8.0-base-ubi8`. */
function cudaImage(ref: ImageRef): ImageInfo {
  const tag = ref.tag ?? '';
  const version = /^(\d+\.\d+(?:\.\d+)?)/.exec(tag)?.[1];
  const variant = (/-(base|runtime|devel)(?:-|$)/.exec(tag)?.[1] as ImageVariant | undefined) ?? undefined;
  const os = /ubuntu/.test(tag) ? 'ubuntu' : undefined;
  return {
    family: 'cuda',
    variant,
    cuda: true,
    cudaVersion: version,
    cudnn: /cudnn/.test(tag),
    os,
    nonRoot: false,
    runtimeAlternative: variant === 'devel' ? withTag(ref, tag.replace('-devel', '-runtime')) : undefined,
    description: `NVIDIA CUDA ${version ?? ''} ${variant ?? ''} image${variant === 'devel' ? ' (compilers and headers, several GB)' : ''}`.replace(/\s+/g, ' '),
  };
}

/** `2.3.1-cuda12.1-cudnn8-runtime`, `2.5.1-cuda12.4-cudnn9-devel`, `latest`. */
function pytorchImage(ref: ImageRef): ImageInfo {
  const tag = ref.tag ?? 'latest';
  const version = /cuda(\d+\.\d+(?:\.\d+)?)/.exec(tag)?.[1];
  const variant = (/-(runtime|devel)$/.exec(tag)?.[1] as ImageVariant | undefined) ?? undefined;
  return {
    family: 'pytorch',
    variant,
    cuda: true,
    cudaVersion: version,
    cudnn: /cudnn/.test(tag),
    os: 'ubuntu',
    nonRoot: false,
    runtimeAlternative: variant === 'devel' ? withTag(ref, tag.replace(/-devel$/, '-runtime')) : undefined,
    description: `PyTorch image${version ? ` with CUDA ${version}` : ''}${variant ? ` (${variant})` : ''}`,
  };
}

/** Describes a base image, or returns undefined when DockML knows nothing certain about it. */
export function describeImage(ref: ImageRef): ImageInfo | undefined {
  const tag = ref.tag ?? 'latest';
  if (ref.registry === undefined && ref.repository === 'scratch') {
    return { family: 'scratch', cuda: false, nonRoot: false, description: 'The empty image' };
  }
  if (hub(ref, 'python')) return languageImage(ref, 'python', 'Official Python image');
  if (hub(ref, 'node')) return languageImage(ref, 'node', 'Official Node.js image');
  if (hub(ref, 'ruby')) return languageImage(ref, 'ruby', 'Official Ruby image');
  if (hub(ref, 'golang')) return languageImage(ref, 'golang', 'Official Go image');
  if ((ref.registry === undefined || ref.registry === 'nvcr.io') && (ref.repository === 'nvidia/cuda')) return cudaImage(ref);
  if (hub(ref, 'pytorch/pytorch')) return pytorchImage(ref);
  if (hub(ref, 'tensorflow/tensorflow')) {
    const gpu = /gpu/.test(tag);
    return {
      family: 'tensorflow',
      variant: 'full',
      cuda: gpu,
      os: 'ubuntu',
      nonRoot: false,
      description: `TensorFlow image (${gpu ? 'GPU, with CUDA' : 'CPU only'})`,
    };
  }
  if (ref.registry === 'nvcr.io' && ref.repository.startsWith('nvidia/')) {
    return {
      family: 'ngc',
      variant: 'devel',
      cuda: true,
      os: 'ubuntu',
      nonRoot: false,
      description: `NVIDIA NGC container ${ref.repository.slice('nvidia/'.length)} (CUDA toolkit included)`,
    };
  }
  if (hub(ref, 'debian')) {
    const slim = /slim/.test(tag);
    return {
      family: 'debian',
      variant: slim ? 'slim' : 'full',
      cuda: false,
      os: 'debian',
      nonRoot: false,
      slimAlternative: slim || tag === 'latest' || /backports|experimental/.test(tag) ? undefined : withTag(ref, `${tag}-slim`),
      description: `Debian ${tag}`,
    };
  }
  if (hub(ref, 'ubuntu')) return { family: 'ubuntu', cuda: false, os: 'ubuntu', nonRoot: false, description: `Ubuntu ${tag}` };
  if (hub(ref, 'alpine')) return { family: 'alpine', variant: 'alpine', cuda: false, os: 'alpine', nonRoot: false, description: `Alpine Linux ${tag}` };
  if ((ref.registry === 'gcr.io' || ref.registry === 'cgr.dev') && /distroless|chainguard/.test(ref.repository)) {
    return {
      family: 'distroless',
      cuda: false,
      os: 'distroless',
      nonRoot: /nonroot/.test(tag) || ref.registry === 'cgr.dev',
      description: `Distroless image ${ref.repository}:${tag}`,
    };
  }
  return undefined;
}

/** The CUDA `major.minor` of a version string such as `12.1.1`. */
export function cudaMajorMinor(version: string): string {
  return version.split('.').slice(0, 2).join('.');
}
