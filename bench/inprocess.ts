// In-process throughput, warmed up: DockML's engine (bundled as shipped) against dockerfile-ast's parse alone,
// dockerfile-utils' validate() and dclint, on the corpus and on generated large files.
import type { Engine } from './build';
import { composeShapes, CorpusFile, largeCompose, largeDockerfile, largeDockerfileLines } from './corpus';
import { dclint, dockerfileUtils } from './peers';
import { compareInterleaved, median } from './stats';

export interface Throughput {
  files: number;
  bytes: number;
  /** Median milliseconds for the whole set, by variant. */
  ms: Record<string, number>;
}

function severity(rule: { severity: 'error' | 'warning' | 'info' | 'hint' }) {
  return rule.severity;
}

/** Dockerfiles: the parse alone, all DockML Dockerfile rules (parse included), dockerfile-utils' validate(). */
export function dockerfileThroughput(engine: Engine, files: CorpusFile[], rounds: number): Throughput {
  const host = new engine.DiskFileHost();
  const utils = dockerfileUtils();
  const ms = compareInterleaved(
    {
      parse: () => {
        for (const f of files) engine.DockerfileParser.parse(f.text);
      },
      dockml: () => {
        for (const f of files) engine.analyze({ kind: 'dockerfile', text: f.text, path: f.file, files: host, severity });
      },
      dockerfileUtils: () => {
        for (const f of files) utils.validate(f.text);
      },
    },
    { warmup: 3, rounds },
  );
  return { files: files.length, bytes: files.reduce((n, f) => n + f.bytes, 0), ms };
}

/**
 * What each Dockerfile rule costs on the corpus, alone, on models already parsed and with the shared lazy
 * work (shell tokenization, arguments) already done, plus that shared work itself: where the time goes.
 */
export function dockerfileRuleCosts(engine: Engine, files: CorpusFile[], rounds: number): { shared: number; rules: Record<string, number> } {
  const host = new engine.DiskFileHost();
  const dockerfileRules = engine.rules.filter((r) => r.kind === 'dockerfile');
  const times = new Map<string, number[]>();
  const shared: number[] = [];
  for (let round = 0; round < rounds + 1; round++) {
    const models = files.map((f) => engine.parse('dockerfile', f.text) as ReturnType<typeof engine.parse> & { instructions: { commands: unknown; heredocs: unknown; argsText: unknown }[] });
    let started = performance.now();
    for (const model of models) for (const instr of model.instructions) void (instr.commands, instr.heredocs, instr.argsText);
    if (round > 0) shared.push(performance.now() - started);
    for (const rule of dockerfileRules) {
      started = performance.now();
      files.forEach((f, i) => engine.analyze({ kind: 'dockerfile', text: f.text, path: f.file, files: host, severity, model: models[i], rules: [rule] }));
      if (round > 0) (times.get(rule.id) ?? times.set(rule.id, []).get(rule.id)!).push(performance.now() - started);
    }
  }
  return { shared: median(shared), rules: Object.fromEntries([...times].map(([id, t]) => [id, median(t)]).sort((a, b) => (b[1] as number) - (a[1] as number))) };
}

/** Compose files: DockML (schema and every rule) against dclint, both in-process and warmed up. */
export function composeThroughput(engine: Engine, files: CorpusFile[], rounds: number): Throughput {
  const host = new engine.DiskFileHost();
  const linter = dclint();
  const paths = files.map((f) => f.file);
  const ms = compareInterleaved(
    {
      dockml: () => {
        for (const f of files) engine.analyze({ kind: 'compose', text: f.text, path: f.file, files: host, severity });
      },
      dclint: () => {
        linter.lintFiles(paths, false);
      },
    },
    { warmup: 2, rounds },
  );
  return { files: files.length, bytes: files.reduce((n, f) => n + f.bytes, 0), ms };
}

export interface ScalingPoint {
  lines: number;
  instructions?: number;
  bytes: number;
  ms: Record<string, number>;
}

/** Dockerfiles of growing size: the parse, DockML and dockerfile-utils, to show the cost stays linear. */
export function dockerfileScaling(engine: Engine, sizes: ({ instructions: number } | { lines: number })[], rounds: number): ScalingPoint[] {
  const host = new engine.DiskFileHost();
  const utils = dockerfileUtils();
  return sizes.map((size) => {
    const text = 'lines' in size ? largeDockerfileLines(size.lines) : largeDockerfile(size.instructions);
    const path = '/nonexistent/bench/Dockerfile';
    const few = Math.max(3, Math.ceil(rounds / Math.max(1, text.length / 200_000)));
    const ms = compareInterleaved(
      {
        parse: () => void engine.DockerfileParser.parse(text),
        dockml: () => void engine.analyze({ kind: 'dockerfile', text, path, files: host, severity }),
        dockerfileUtils: () => void utils.validate(text),
      },
      // The fastest round: on a shared machine noise only adds time, and a few slow rounds of a big file would
      // read as a cost growing faster than its size.
      { warmup: text.length < 500_000 ? 3 : 1, rounds: few, statistic: 'min' },
    );
    return { lines: text.split('\n').length - 1, instructions: engine.DockerfileParser.parse(text).getInstructions().length, bytes: Buffer.byteLength(text), ms };
  });
}

/** Compose files of growing size: DockML in-process (dclint is measured on the corpus only; see docs). */
export function composeScaling(engine: Engine, sizes: number[], rounds: number): ScalingPoint[] {
  const host = new engine.DiskFileHost();
  return sizes.map((lines) => {
    const text = largeCompose(lines);
    const path = '/nonexistent/bench/compose.yaml';
    // Small files get as many rounds as fit in the time of a large one: three warm-up analyses of 1,000 lines leave the
    // code still compiling, which made the smallest point the slowest per line.
    const few = Math.max(3, Math.ceil((rounds * 5000) / lines));
    const warmup = Math.max(3, Math.ceil(50_000 / lines));
    const ms = compareInterleaved({ dockml: () => void engine.analyze({ kind: 'compose', text, path, files: host, severity }) }, { warmup, rounds: few, statistic: 'min' });
    return { lines: text.split('\n').length - 1, bytes: Buffer.byteLength(text), ms };
  });
}

/**
 * Each Compose shape of `composeShapes` at just under 1 MB (1,000,000 bytes): the fastest of `rounds` analyses
 * (schema and every rule), the yaml library's parse alone, and DockML's parse (its fast path for the plain subset
 * of YAML, or the library when the text is outside it), the floor under the analysis.
 */
export function composeShapesAtOneMegabyte(engine: Engine, rounds: number): { name: string; bytes: number; ms: Record<string, number> }[] {
  const host = new engine.DiskFileHost();
  return composeShapes(1_000_000).map(({ name, text }) => {
    const path = '/nonexistent/bench/compose.yaml';
    const ms = compareInterleaved(
      {
        parse: () => void engine.parseDocument(text, { merge: true, uniqueKeys: false, prettyErrors: false, logLevel: 'error' }),
        fastParse: () => void engine.parseComposeYaml(text),
        dockml: () => void engine.analyze({ kind: 'compose', text, path, files: host, severity }),
      },
      { warmup: 1, rounds: Math.max(3, rounds), statistic: 'min' },
    );
    return { name, bytes: Buffer.byteLength(text), ms };
  });
}
