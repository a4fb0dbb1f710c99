// The Dockerfile formatter keeps meaning on every Dockerfile of the real-world corpus (../shared/corpus): the
// formatted file parses into the same instructions (keywords compared upper-case), with the same flags,
// arguments, JSON-form strings and heredoc bodies; formatting it again changes nothing. A table of small
// cases checks the same on the text shapes where whitespace matters. Skipped without the corpus.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { DockerfileModel } from '../../server/src/dockerfile/model';
import { formatDockerfile } from '../../server/src/editor/dockerfile/format';
import { scanDirectory } from '../../server/src/project/scan';
import { applyEdits } from '../../server/src/text';

const CORPUS = path.join(__dirname, '..', '..', '..', 'shared', 'corpus');
const OPTIONS = { tabSize: 4, insertSpaces: true };

/** What Docker builds from a Dockerfile, as dockerfile-ast parses it. */
function meaning(text: string): unknown[] {
  const model = new DockerfileModel(text);
  return model.instructions.map((instr) => {
    const node = instr.node as typeof instr.node & { getJSONStrings?: () => { getJSONValue(): string }[] };
    return {
      keyword: instr.keyword,
      flags: instr.flags.map((f) => `${f.getName()}=${f.getValue()}`),
      // The JSON form is read as JSON (its spacing is free); the shell form word by word.
      args: instr.isJsonForm ? node.getJSONStrings?.().map((s) => s.getJSONValue()) : instr.args.map((a) => a.value),
      heredocs: instr.heredocs.map((h) => {
        const body = h.getContentRange();
        return body ? model.text.slice(model.lines.offsetAt(body.start), model.lines.offsetAt(body.end)) : undefined;
      }),
    };
  });
}

function format(text: string): string {
  return applyEdits(text, formatDockerfile(new DockerfileModel(text), OPTIONS));
}

describe('the Dockerfile formatter keeps meaning', () => {
  const cases: [string, string][] = [
    ['a word split by a continuation stays joined', 'RUN pip install tor\\\nch\n'],
    ['quoted text over a continuation keeps its spaces', 'RUN echo "a \\\n      b"\n'],
    ['single quotes over a continuation', "RUN echo 'it \\\n   is'\n"],
    ['a comment inside a continuation', 'RUN apt-get update && \\\n# a note\n  apt-get install -y git\n'],
    ['an escaped quote before a continuation', 'RUN echo \\" && \\\n  ls\n'],
    ['a backtick escape', '# escape=`\nrun dir `\n  c:\\\n'],
    ['JSON with escapes', 'CMD ["sh","-c","echo \\"hi\\""]\n'],
    ['not JSON: shell form that starts with a bracket', 'RUN [ -f x ] && echo yes\n'],
    ['a heredoc body', 'RUN <<EOF\n  echo  hi\nEOF\n'],
    ['lower-case ONBUILD', 'from alpine\nonbuild run echo hi\n'],
  ];
  for (const [name, text] of cases) {
    it(name, () => {
      const formatted = format(text);
      assert.deepEqual(meaning(formatted), meaning(text));
      assert.equal(format(formatted), formatted, 'formatting twice changes nothing more');
    });
  }

  it('on every Dockerfile of the corpus', { skip: !fs.existsSync(CORPUS) && 'no corpus at ../shared/corpus' }, (t) => {
    const files = scanDirectory(CORPUS).filter((f) => f.kind === 'dockerfile');
    let changed = 0;
    for (const { file } of files) {
      const text = fs.readFileSync(file, 'utf8');
      const formatted = format(text);
      if (formatted !== text) changed++;
      assert.deepEqual(meaning(formatted), meaning(text), path.relative(CORPUS, file));
      assert.equal(format(formatted), formatted, `${path.relative(CORPUS, file)}: formatting twice changes nothing more`);
    }
    t.diagnostic(`${files.length} Dockerfiles, ${changed} changed by formatting, all with the same instructions`);
    assert.ok(files.length > 20 && changed > 0);
  });
});
