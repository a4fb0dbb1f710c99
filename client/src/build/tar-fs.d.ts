// The part of tar-fs (which ships no types) that the build uses: packing listed entries of a folder.
declare module 'tar-fs' {
  /** A tar stream of `entries` (paths relative to `cwd`; a folder brings everything below it). */
  export function pack(cwd: string, options?: { entries?: string[] }): NodeJS.ReadableStream;
}
