// Tags of common ML base images, known offline, for completion after `python:`, `nvidia/cuda:` and the like.
// The lists favour what ships well: slim and runtime variants come first.

const PYTHON_VERSIONS = ['3.13', '3.12', '3.11', '3.10', '3.9'];
const NODE_VERSIONS = ['22', '20', '18'];
const CUDA_RELEASES: [version: string, os: string, cudnn: string][] = [
  ['12.8.1', 'ubuntu24.04', 'cudnn'],
  ['12.6.3', 'ubuntu24.04', 'cudnn'],
  ['12.4.1', 'ubuntu22.04', 'cudnn'],
  ['12.1.1', 'ubuntu22.04', 'cudnn8'],
  ['11.8.0', 'ubuntu22.04', 'cudnn8'],
];
const PYTORCH_RELEASES: [torch: string, cuda: string, cudnn: string][] = [
  ['2.5.1', '12.4', 'cudnn9'],
  ['2.5.1', '12.1', 'cudnn9'],
  ['2.4.1', '12.4', 'cudnn9'],
  ['2.4.1', '12.1', 'cudnn9'],
  ['2.3.1', '12.1', 'cudnn8'],
  ['2.3.1', '11.8', 'cudnn8'],
];

/** One known tag, with a short note for the completion list. */
export interface KnownTag {
  tag: string;
  detail: string;
}

function pythonTags(): KnownTag[] {
  return PYTHON_VERSIONS.flatMap((v) => [
    { tag: `${v}-slim`, detail: `Python ${v}, slim Debian (recommended for shipping)` },
    { tag: `${v}-slim-bookworm`, detail: `Python ${v}, slim Debian 12` },
    { tag: `${v}-alpine`, detail: `Python ${v}, Alpine (musl: many ML wheels do not install)` },
    { tag: `${v}-bookworm`, detail: `Python ${v}, full Debian 12 with compilers (for builder stages)` },
    { tag: v, detail: `Python ${v}, full Debian with compilers (for builder stages)` },
  ]);
}

function nodeTags(): KnownTag[] {
  return NODE_VERSIONS.flatMap((v) => [
    { tag: `${v}-slim`, detail: `Node.js ${v}, slim Debian` },
    { tag: `${v}-bookworm-slim`, detail: `Node.js ${v}, slim Debian 12` },
    { tag: `${v}-alpine`, detail: `Node.js ${v}, Alpine` },
    { tag: v, detail: `Node.js ${v}, full Debian (for builder stages)` },
  ]);
}

function cudaTags(): KnownTag[] {
  return CUDA_RELEASES.flatMap(([v, os, cudnn]) => [
    { tag: `${v}-runtime-${os}`, detail: `CUDA ${v} runtime libraries (ship this)` },
    { tag: `${v}-${cudnn}-runtime-${os}`, detail: `CUDA ${v} runtime with cuDNN (ship this)` },
    { tag: `${v}-devel-${os}`, detail: `CUDA ${v} toolkit and headers (for builder stages)` },
    { tag: `${v}-${cudnn}-devel-${os}`, detail: `CUDA ${v} toolkit with cuDNN (for builder stages)` },
    { tag: `${v}-base-${os}`, detail: `CUDA ${v} minimal base (bring your own libraries)` },
  ]);
}

function pytorchTags(): KnownTag[] {
  return PYTORCH_RELEASES.flatMap(([torch, cuda, cudnn]) => [
    { tag: `${torch}-cuda${cuda}-${cudnn}-runtime`, detail: `PyTorch ${torch}, CUDA ${cuda} runtime (ship this)` },
    { tag: `${torch}-cuda${cuda}-${cudnn}-devel`, detail: `PyTorch ${torch}, CUDA ${cuda} toolkit (for builder stages)` },
  ]);
}

const CATALOG: Record<string, () => KnownTag[]> = {
  python: pythonTags,
  node: nodeTags,
  'nvidia/cuda': cudaTags,
  'nvcr.io/nvidia/cuda': cudaTags,
  'pytorch/pytorch': pytorchTags,
};

/** The repositories that have a tag list. */
export const CATALOGUED_REPOSITORIES = Object.keys(CATALOG);

/** Known tags of a repository (as written before the `:`), or an empty list. */
export function knownTags(repository: string): KnownTag[] {
  const key = repository.replace(/^(docker\.io\/)?(library\/)?/, '');
  return CATALOG[key]?.() ?? [];
}
