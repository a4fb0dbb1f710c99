// Tests that the Dockerfile model, which keeps each instruction's tokenized arguments while it parses, reads every
// instruction as dockerfile-ast's own parse does: the same arguments, flags, argument ranges and JSON strings, however
// often they are asked for (dockerfile-ast's callers shift the flags off the list they are given).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DockerfileParser, Instruction } from 'dockerfile-ast';
import { DockerfileModel } from '../../server/src/dockerfile/model';

const TEXT = [
  '# syntax=docker/dockerfile:1',
  'ARG BASE=python:3.11-slim',
  'FROM --platform=$BUILDPLATFORM ${BASE} AS build',
  'RUN --mount=type=cache,target=/root/.cache/pip \\',
  '    # a comment inside the continuation',
  '    pip install \\',
  '      torch==2.3.1 \\ ',
  '      transformers',
  'COPY --from=build --chown=app:app /src/a.py /src/b.py /app/',
  'RUN <<EOF',
  'apt-get update',
  'EOF',
  'ENV A=1 \\',
  '    B="two words"',
  'CMD ["python", \\',
  '     "serve.py"]',
  'HEALTHCHECK --interval=5s CMD curl -f http://localhost/ || exit 1',
].join('\n');

/** What dockerfile-ast says of an instruction, asked twice over to catch a list shared between callers. */
function reading(node: Instruction) {
  const withFlags = node as Instruction & { getFlags?: () => { getName(): string; getValue(): string | null }[]; getJSONStrings?: () => { getJSONValue(): string }[] };
  const once = () => ({
    args: node.getArguments().map((a) => [a.getValue(), a.getRange()]),
    range: node.getArgumentsRange(),
    content: node.getRawArgumentsContent(),
    flags: (withFlags.getFlags?.() ?? []).map((f) => [f.getName(), f.getValue()]),
    json: (withFlags.getJSONStrings?.() ?? []).map((s) => s.getJSONValue()),
  });
  const first = once();
  assert.deepEqual(once(), first);
  return first;
}

describe('Dockerfile model parse', () => {
  it('reads every instruction as dockerfile-ast does, on every ask', () => {
    const plain = DockerfileParser.parse(TEXT).getInstructions();
    const model = new DockerfileModel(TEXT);
    assert.equal(model.instructions.length, plain.length);
    model.instructions.forEach((instr, i) => assert.deepEqual(reading(instr.node), reading(plain[i]), `${instr.keyword} on line ${instr.range.start.line + 1}`));
    // The model's own views agree as well: RUN's flag is not one of its arguments, and COPY's sources and destination stay whole.
    assert.deepEqual(
      model.instructions[2].flags.map((f) => f.getName()),
      ['mount'],
    );
    assert.deepEqual(
      model.instructions[3].args.map((a) => a.value),
      ['/src/a.py', '/src/b.py', '/app/'],
    );
  });
});
