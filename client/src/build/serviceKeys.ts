// Where each service of a Compose file has its `build:` key, for the Build image lens. No vscode here.
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';

/** Each service of a Compose text that has a `build:` key, with the key's 0-based line and character. */
export function serviceBuildKeys(text: string): { service: string; line: number; character: number }[] {
  const lineCounter = new LineCounter();
  const root = parseDocument(text, { lineCounter }).contents;
  const services = isMap(root) ? root.get('services', true) : undefined;
  if (!isMap(services)) return [];
  return services.items.flatMap((pair) => {
    const build = isMap(pair.value) ? pair.value.items.find((item) => isScalar(item.key) && item.key.value === 'build') : undefined;
    const offset = build && isScalar(build.key) ? build.key.range?.[0] : undefined;
    if (!isScalar(pair.key) || offset === undefined) return [];
    const at = lineCounter.linePos(offset);
    return [{ service: String(pair.key.value), line: at.line - 1, character: at.col - 1 }];
  });
}
