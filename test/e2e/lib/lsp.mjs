// A language-server client for the end-to-end scenarios: it starts the built server bundle (dist/server.js, the
// one the VSIX ships) over stdio and asks it what the editor should show (completions, hovers, symbols, edits), so
// each scenario compares the screen with the server's own answer rather than with a copied expectation.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './fixtures.mjs';

const require = createRequire(join(ROOT, 'package.json'));
const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = require('vscode-jsonrpc/node');

/** The language id VS Code gives a file of the examples workspace. */
export function languageOf(file) {
  return /(^|\/)(docker-)?compose[^/]*\.ya?ml$/.test(file) ? 'dockercompose' : 'dockerfile';
}

export class LanguageServer {
  /** Starts dist/server.js for the workspace folder `workspace`. */
  static async start(workspace) {
    const bundle = join(ROOT, 'dist', 'server.js');
    if (!existsSync(bundle)) throw new Error(`${relative(ROOT, bundle)} is missing: build the project first`);
    const child = spawn(process.execPath, [bundle, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
    // The server may end before the last message is written; that is not an error of the scenario.
    child.stdin.on('error', () => undefined);
    const server = new LanguageServer(child, workspace);
    await server.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(workspace).href,
      workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'workspace' }],
      capabilities: {
        workspace: { configuration: true, workspaceEdit: { documentChanges: true } },
        textDocument: {
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
          rename: { prepareSupport: true },
          codeAction: { disabledSupport: true },
        },
      },
    });
    await server.connection.sendNotification('initialized', {});
    return server;
  }

  constructor(child, workspace) {
    this.child = child;
    this.workspace = workspace;
    this.versions = new Map();
    this.connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    // The server asks for its settings (none: the defaults, as the test user has) and registers capabilities.
    this.connection.onRequest('workspace/configuration', (params) => params.items.map(() => ({})));
    this.connection.onRequest(() => null);
    this.connection.onNotification(() => undefined);
    this.connection.listen();
  }

  uri(file) {
    return pathToFileURL(join(this.workspace, file)).href;
  }

  /** Opens a workspace file with its text on disk, as the editor does when it shows it. */
  open(file) {
    return this.openText(file, readFileSync(join(this.workspace, file), 'utf8'));
  }

  /** Opens (or reopens) a workspace file with `text`, as the editor holds it after the user typed. */
  async openText(file, text) {
    const uri = this.uri(file);
    if (this.versions.has(uri)) await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    this.versions.set(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: languageOf(file), version: 1, text } });
    return text;
  }

  /** Sends `method` for `file` with `params` besides the text document. */
  request(method, file, params = {}) {
    return this.connection.sendRequest(method, { textDocument: { uri: this.uri(file) }, ...params });
  }

  /** The text edits of a workspace edit that touch `file`, whether it uses `changes` or `documentChanges`. */
  editsFor(edit, file) {
    const uri = this.uri(file);
    return [...(edit?.changes?.[uri] ?? []), ...(edit?.documentChanges ?? []).flatMap((c) => (c.textDocument?.uri === uri ? c.edits : []))];
  }

  async stop() {
    try {
      await Promise.race([this.connection.sendRequest('shutdown'), new Promise((resolve) => setTimeout(resolve, 5000))]);
    } finally {
      this.connection.dispose();
      this.child.kill();
    }
  }
}
