// What the in-process benchmarks call, bundled by bench/build.ts exactly as esbuild.mjs bundles the CLI and the
// server (so the figures are those of the shipped code, not of tsx's on-the-fly transpilation).
export { analyze, parse, preferredEdits } from '../server/src/analysis/diagnostics';
export { DiskFileHost, kindOfPath } from '../server/src/analysis/documents';
export { rules } from '../server/src/rules';
export { measureContext } from '../server/src/project/contextSize';
export { DockerfileParser } from 'dockerfile-ast';
export { parseDocument } from 'yaml';
export { parseComposeYaml } from '../server/src/compose/fastYaml';
