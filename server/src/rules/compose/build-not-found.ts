// A service whose build context folder or Dockerfile does not exist cannot be built: Compose stops with
// "unable to prepare context" or "failed to read dockerfile".
import * as path from 'node:path';
import { isMap, isScalar } from '../../compose/yamlNodes';
import { valueAt } from '../../compose/yaml';
import type { ComposeRule, Range } from '../types';

export const rule: ComposeRule = {
  id: 'build-not-found',
  kind: 'compose',
  severity: 'error',
  fixable: false,
  docs: {
    summary: 'A service builds from a context folder or a Dockerfile that does not exist.',
    rationale:
      '`build:` paths are relative to the Compose file, and `dockerfile:` is relative to the build context, not to the Compose file; ' +
      'a moved folder or a Dockerfile path written from the wrong base breaks `docker compose build` for that service only, ' +
      'often noticed late on a GPU host. DockML checks the paths on disk. Unsaved files, Git URL contexts and paths with ' +
      '`${VARIABLES}` are not checked; without `dockerfile:`, a `dockerfile` or `Containerfile` in the context is accepted as Docker does.',
    bad: 'services:\n  model-server:\n    # The folder is ./model-server\n    build: ./model-sever\n',
    good: 'services:\n  model-server:\n    # A folder next to compose.yaml that holds a Dockerfile, or a Git URL\n    build: https://github.com/acme/model-server.git#main\n',
  },
  messages: {
    context: 'The build context folder `{path}` does not exist.',
    dockerfile: 'The Dockerfile `{path}` does not exist (`dockerfile:` is relative to the build context).',
    defaultDockerfile: 'There is no Dockerfile in the build context `{context}`; add one or set `dockerfile:`.',
  },
  check(ctx) {
    if (!ctx.path) return;
    const model = ctx.model;
    const dir = path.dirname(ctx.path);
    // Paths as the Compose file would spell them: `./model-server/Dockerfile`, `../shared`.
    const relative = (p: string) => {
      const r = path.relative(dir, p);
      return r.startsWith('..') || path.isAbsolute(r) ? r : `./${r}`.replace(/\/$/, '');
    };
    const reported = new Set<string>();
    for (const service of model.services) {
      const build = ctx.build(service);
      if (!build?.missing || !build.contextDir) continue;
      const node = model.get(service, 'build');
      const contextNode = isScalar(node) ? node : valueAt(model.doc, node, 'context');
      const dockerfileNode = isMap(node) ? valueAt(model.doc, node, 'dockerfile') : undefined;
      const written = [contextNode, dockerfileNode].map((n) => (isScalar(n) ? String(n.value ?? '') : ''));
      if (written.some((w) => w.includes('$'))) continue;
      const at = (n: unknown): Range => (isScalar(n) && model.rangeOf(n)) || build.range;
      let report: { messageId: string; range: Range; data: Record<string, string> };
      if (build.missing === 'context') {
        report = { messageId: 'context', range: at(contextNode), data: { path: relative(build.contextDir) } };
      } else if (dockerfileNode) {
        report = { messageId: 'dockerfile', range: at(dockerfileNode), data: { path: relative(build.dockerfilePath ?? '') } };
      } else {
        const { contextDir } = build;
        if (['dockerfile', 'Containerfile'].some((name) => ctx.files.exists(path.join(contextDir, name)))) continue;
        report = { messageId: 'defaultDockerfile', range: at(contextNode), data: { context: relative(contextDir) } };
      }
      const key = `${report.range.start.line}:${report.range.start.character}`;
      if (reported.has(key)) continue;
      reported.add(key);
      ctx.report(report);
    }
  },
};
