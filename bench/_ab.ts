import { corpusFiles } from './corpus';
import { corpusLatency, typing } from './lsp';
(async () => {
  const files = corpusFiles();
  const dockerfiles = files.filter((f) => f.kind === 'dockerfile').sort((a, b) => a.text.split('\n').length - b.text.split('\n').length);
  const largest = dockerfiles[dockerfiles.length - 1];
  const servers = { old: '/work/wt/old/dist/server.js', new: '/work/main/dist/server.js' };
  for (let round = 0; round < Number(process.argv[2] ?? 2); round++) {
    for (const [name, script] of Object.entries(servers)) {
      const c = await corpusLatency(files, 2, script);
      const t = await typing(largest, 'RUN pip install --no-cache-dir torch==2.3.1 torchvision transformers', 30, script);
      console.log(`${name}: corpus p50 ${c.p50.toFixed(1)} p99 ${c.p99.toFixed(1)} max ${c.max.toFixed(0)} | typing largest p50 ${t.p50.toFixed(1)} p99 ${t.p99.toFixed(1)} | load ${require('os').loadavg()[0].toFixed(1)}`);
    }
  }
})();
