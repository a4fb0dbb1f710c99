// Compares DockML's Dockerfile editing features with dockerfile-language-service's on the corpus, the numbers
// behind docs/editing.md's choices: formatting that changes what a file means, links on names a build argument
// supplies, stage references a rename misses, outline depth, folding ranges, and the time of each.
//   node --import tsx bench/editing.ts
import { DockerFolding } from 'dockerfile-language-service/lib/dockerFolding';
import { DockerLinks } from 'dockerfile-language-service/lib/dockerLinks';
import { DockerRename } from 'dockerfile-language-service/lib/dockerRename';
import { DockerSymbols } from 'dockerfile-language-service/lib/dockerSymbols';
import { format as dlsFormat } from 'dockerfile-utils';
import { DockerfileModel, stageReferences } from '../server/src/dockerfile/model';
import { dockerfileFolding, dockerfileLinks, dockerfileRename, dockerfileSymbols } from '../server/src/editor/dockerfile/features';
import { formatDockerfile } from '../server/src/editor/dockerfile/format';
import { applyEdits } from '../server/src/text';
import { corpusFiles } from './corpus';

/** What Docker builds, as dockerfile-ast parses it (as in test/unit/formatCorpus.test.ts). */
function meaning(text: string): string {
  const model = new DockerfileModel(text);
  return JSON.stringify(
    model.instructions.map((i) => [i.keyword, i.flags.map((f) => `${f.getName()}=${f.getValue()}`), i.isJsonForm ? i.argsText.replace(/\s+/g, '') : i.args.map((a) => a.value)]),
  );
}

function timed<T>(times: number[], run: () => T): T {
  const started = performance.now();
  const result = run();
  times.push(performance.now() - started);
  return result;
}

const total = (times: number[]) => `${times.reduce((a, b) => a + b, 0).toFixed(0)} ms`;

const files = corpusFiles().filter((f) => f.kind === 'dockerfile');
const counts = { dlsFormatChanged: 0, dlsFormatMeaning: 0, ownFormatChanged: 0, ownFormatMeaning: 0, dlsLinks: 0, dlsVariableLinks: 0, ownLinks: 0, stageRefs: 0, dlsRenameMissed: 0, ownRenameMissed: 0, dlsSymbols: 0, ownStages: 0, dlsFolds: 0, ownFolds: 0 };
const time = { dlsFormat: [] as number[], ownFormat: [] as number[], dlsSymbols: [] as number[], ownSymbols: [] as number[], dlsFolding: [] as number[], ownFolding: [] as number[], parse: [] as number[] };
for (const { text } of files) {
  const model = timed(time.parse, () => new DockerfileModel(text));
  const original = meaning(text);
  const dls = applyEdits(text, timed(time.dlsFormat, () => dlsFormat(text, { tabSize: 4, insertSpaces: true })));
  if (dls !== text) counts.dlsFormatChanged++;
  if (meaning(dls) !== original) counts.dlsFormatMeaning++;
  const own = applyEdits(text, timed(time.ownFormat, () => formatDockerfile(model, { tabSize: 4, insertSpaces: true })));
  if (own !== text) counts.ownFormatChanged++;
  if (meaning(own) !== original) counts.ownFormatMeaning++;
  const links = new DockerLinks().getLinks(text);
  counts.dlsLinks += links.length;
  counts.dlsVariableLinks += links.filter((l) => String(l.data ?? l.target).includes('$')).length;
  counts.ownLinks += dockerfileLinks(model).length;
  counts.dlsSymbols += timed(time.dlsSymbols, () => new DockerSymbols().parseSymbolInformation({ uri: 'x' }, text)).length;
  counts.ownStages += timed(time.ownSymbols, () => dockerfileSymbols(model)).filter((s) => s.children !== undefined).length;
  counts.dlsFolds += timed(time.dlsFolding, () => new DockerFolding().computeFoldingRanges(text, false, 5000)).length;
  counts.ownFolds += timed(time.ownFolding, () => dockerfileFolding(model)).length;
  // Renaming each named stage from its AS name: how many of its references (--from=, --mount=from=) stay behind.
  for (const stage of model.stages) {
    if (!stage.name || !stage.nameRange) continue;
    const refs = model.instructions.flatMap((i) => (i.stage ? stageReferences(i).filter((r) => model.stageRef(r.value, i.stage!.index) === stage) : []));
    counts.stageRefs += refs.length;
    const covered = (edits: { range: { start: { line: number; character: number } } }[]) =>
      refs.filter((r) => !edits.some((e) => e.range.start.line === r.range.start.line && e.range.start.character === r.range.start.character)).length;
    counts.dlsRenameMissed += covered(new DockerRename().rename({ uri: 'x' }, text, stage.nameRange.start, 'renamed'));
    counts.ownRenameMissed += covered(dockerfileRename(model, stage.nameRange.start, 'renamed'));
  }
}
console.log(`${files.length} corpus Dockerfiles (parse: ${total(time.parse)})`);
console.log(`formatting: dockerfile-utils changes ${counts.dlsFormatChanged} files, ${counts.dlsFormatMeaning} of them in meaning (${total(time.dlsFormat)}); DockML changes ${counts.ownFormatChanged}, ${counts.ownFormatMeaning} in meaning (${total(time.ownFormat)})`);
console.log(`links: dockerfile-language-service ${counts.dlsLinks}, ${counts.dlsVariableLinks} of them on a name with a \${variable}; DockML ${counts.ownLinks}`);
console.log(`rename of a stage: ${counts.stageRefs} references; dockerfile-language-service misses ${counts.dlsRenameMissed}, DockML ${counts.ownRenameMissed}`);
console.log(`outline: dockerfile-language-service ${counts.dlsSymbols} flat symbols (${total(time.dlsSymbols)}); DockML ${counts.ownStages} stages with their instructions (${total(time.ownSymbols)})`);
console.log(`folding: dockerfile-language-service ${counts.dlsFolds} ranges (${total(time.dlsFolding)}); DockML ${counts.ownFolds} (${total(time.ownFolding)})`);
