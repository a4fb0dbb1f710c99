// `ADD` of plain local files does what `COPY` does, plus implicit downloads and archive extraction nobody asked for.
import type { JSONArgument } from 'dockerfile-ast';
import type { Instr } from '../../dockerfile/model';
import type { DockerfileRule } from '../types';

/** Flags that COPY accepts as well; any other ADD flag (`--checksum`, `--keep-git-dir`, `--unpack`) needs ADD. */
const COPY_FLAGS = new Set(['chown', 'chmod', 'link', 'exclude']);
/** Sources that ADD fetches: URLs of any scheme, and Git repositories. */
const REMOTE = /^[a-z][a-z0-9+.-]*:\/\/|^git@|\.git(?:#.*)?$/i;
/**
 * Local tar archives, which ADD extracts into the destination. ADD recognises a tar by its content, so a compressed
 * file without `.tar` in its name (`rootfs.gz`, `data.xz`) may be one as well.
 */
const ARCHIVE = /\.(?:tar|tgz|tbz2?|txz|tzst|tlz|gz|bz2|xz|zst|lz|lzma)$/i;
/** A pattern ending in a wildcard could match an archive. */
const OPEN_PATTERN = /[*?\]]$/;

export const rule: DockerfileRule = {
  id: 'add-instead-of-copy',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { hadolint: ['DL3020'] },
  fixable: true,
  docs: {
    summary: '`ADD` used for plain local files, where `COPY` does the same thing predictably.',
    rationale:
      '`ADD` also downloads URLs and unpacks local tar archives, so a reader cannot tell from `ADD model.bin /models/` ' +
      'whether a file is copied or extracted, and renaming a file to `.tar.gz` changes what the image contains. `COPY` ' +
      'only copies; keep `ADD` for the cases that need it (remote files with `--checksum`, Git repositories, archives ' +
      'to extract). Quoted sources are read without their quotes, and a compressed file (`.gz`, `.bz2`, `.xz`, `.zst`) ' +
      'counts as an archive, since ADD recognises a tar by its content, not its name.',
    bad: 'FROM python:3.11-slim\nWORKDIR /app\nADD requirements.txt serve.py ./',
    good: 'FROM python:3.11-slim\nWORKDIR /app\nCOPY requirements.txt serve.py ./\nADD weights.tar.gz /models/',
    fixSafety: 'safe',
  },
  messages: {
    useCopy: 'Every source of this ADD is a plain local file; use COPY, which only copies.',
  },
  check(ctx) {
    for (const instr of ctx.model.instructions) {
      if (instr.keyword !== 'ADD') continue;
      if (instr.flags.some((f) => !COPY_FLAGS.has(f.getName().toLowerCase()))) continue;
      const sources = addSources(instr);
      if (sources.length === 0 || sources.some((s) => s.includes('$') || REMOTE.test(s) || ARCHIVE.test(s) || OPEN_PATTERN.test(s))) continue;
      const range = instr.node.getInstructionRange();
      const written = instr.node.getInstruction();
      const keyword = written === 'ADD' ? 'COPY' : written === 'add' ? 'copy' : 'Copy';
      ctx.report({ messageId: 'useCopy', range, fixes: [{ title: `Replace ${written} with ${keyword}`, preferred: true, safe: true, edits: [{ range, newText: keyword }] }] });
    }
  },
};

/** The sources of an ADD: every argument but the destination, in exec, heredoc or shell form. */
function addSources(instr: Instr): string[] {
  let args: string[];
  if (instr.isJsonForm) {
    const node = instr.node as typeof instr.node & { getJSONStrings?: () => JSONArgument[] };
    args = (node.getJSONStrings?.() ?? []).map((s) => s.getJSONValue());
  } else {
    const heredoc = instr.heredocs[0]?.getContentRange();
    // Heredoc bodies are not arguments: only the words before the first body name sources and destination.
    const before = heredoc ? instr.args.filter((a) => a.range.start.line < heredoc.start.line) : instr.args;
    args = before.map((a) => a.value);
  }
  // Quotes are the shell's, not the path's: `ADD "http://host/x" /x` fetches a URL.
  return args.slice(0, -1).map((a) => a.replace(/^(["'])(.*)\1$/, '$2'));
}
