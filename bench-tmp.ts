import { corpusFiles } from './bench/corpus';
import { editorRequests } from './bench/lsp';
(async () => { const c = corpusFiles(); const r = await editorRequests(c); console.log(r); })().catch((e) => console.error('ERR', e));
process.on('exit', () => console.log('exit'));
