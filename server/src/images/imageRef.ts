// Parsing of image references (`registry/repository:tag@digest`) as written in FROM lines and Compose `image:`,
// and replacing their tag as written.

export interface ImageRef {
  /** The reference as written. */
  raw: string;
  /** The registry host, when one is named (`nvcr.io`, `ghcr.io`, `localhost:5000`); Docker Hub is left out. */
  registry?: string;
  /** The repository path, without Docker Hub's `library/` prefix: `python`, `nvidia/cuda`. */
  repository: string;
  tag?: string;
  digest?: string;
  /** Offsets of the tag within `raw`, when there is one, for fixes that rewrite it. */
  tagStart?: number;
  tagEnd?: number;
}

/** Parses a reference; undefined when it is not one (empty, or still holding an unresolved variable). */
export function parseImageRef(raw: string): ImageRef | undefined {
  const text = raw.trim();
  if (text === '' || text.includes('$') || /\s/.test(text)) return undefined;
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let registry: string | undefined;
  const slash = rest.indexOf('/');
  if (slash > 0) {
    const first = rest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      registry = first;
      rest = rest.slice(slash + 1);
    }
  }
  let tag: string | undefined;
  let tagStart: number | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    tagStart = (registry ? registry.length + 1 : 0) + colon + 1;
    rest = rest.slice(0, colon);
  }
  if (registry === 'docker.io' || registry === 'index.docker.io') registry = undefined;
  const repository = rest.startsWith('library/') ? rest.slice('library/'.length) : rest;
  if (repository === '' || !/^[a-z0-9][a-z0-9._/-]*$/.test(repository)) return undefined;
  if (tag !== undefined && !/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
  return {
    raw: text,
    registry,
    repository,
    tag,
    digest,
    tagStart,
    tagEnd: tagStart === undefined ? undefined : tagStart + (tag?.length ?? 0),
  };
}

/** The reference with its tag replaced, keeping registry, repository and digest as written. */
export function withTag(ref: ImageRef, tag: string): string {
  if (ref.tagStart === undefined || ref.tagEnd === undefined) {
    const at = ref.raw.indexOf('@');
    return at >= 0 ? `${ref.raw.slice(0, at)}:${tag}${ref.raw.slice(at)}` : `${ref.raw}:${tag}`;
  }
  return ref.raw.slice(0, ref.tagStart) + tag + ref.raw.slice(ref.tagEnd);
}
