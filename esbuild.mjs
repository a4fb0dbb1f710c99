// Bundles the extension (client), the language server and the CLI into dist/, one file each.
// Type checking is separate (`tsc --noEmit`), as esbuild only strips types.
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  // ssh2 (under dockerode) loads these optional native helpers only if present; the extension ships none.
  external: ['vscode', 'cpu-features', '*.node'],
};

/** Replaces dockerode's BuildKit session modules (gRPC, protobuf), which the explorer never calls, with a stub. */
const withoutBuildKit = {
  name: 'without-buildkit',
  setup(build) {
    build.onResolve({ filter: /^\.\/(session|buildkit)$/ }, (args) =>
      args.importer.includes(`dockerode${path.sep}lib`) ? { path: path.resolve('client/src/explorer/stubs/dockerodeSession.ts') } : undefined,
    );
  },
};

const entries = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', plugins: [withoutBuildKit] },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

const contexts = await Promise.all(entries.map((entry) => esbuild.context({ ...common, ...entry })));
if (watch) {
  await Promise.all(contexts.map((context) => context.watch()));
} else {
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
}
