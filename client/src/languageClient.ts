// Starts the bundled language server over IPC and describes which documents it serves.
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { RULE_DOCS_COMMAND } from '../../server/src/editor/ruleDocs';

/** The documents DockML analyses: Dockerfiles and Compose files, by language id and by file name. */
export const DOCUMENT_SELECTOR = [
  { language: 'dockerfile' },
  { language: 'dockercompose' },
  { scheme: 'file', pattern: '**/{Dockerfile,Containerfile,*.Dockerfile,*.dockerfile,*.Containerfile,*_Dockerfile,*-Dockerfile,Dockerfile.*,Dockerfile-*,Dockerfile_*,Containerfile.*}' },
  { scheme: 'file', pattern: '**/*compose*.{yaml,yml}' },
  // Other YAML files are Compose files when their text is (`nims.yaml`); the server reads them and leaves the others alone.
  { scheme: 'file', language: 'yaml' },
];

export function createLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    synchronize: {
      configurationSection: 'dockml',
      // Findings depend on these files beside the documents, and on the Compose files that build a Dockerfile.
      fileEvents: vscode.workspace.createFileSystemWatcher(
        // Any YAML file, since a Compose file that builds a Dockerfile may have any name; `.git` bounds the Compose search.
        '**/{.dockml.yaml,.dockerignore,*.dockerignore,*.lock,*-lock.json,*-lock.yaml,requirements*.txt,Dockerfile,Containerfile,*.Dockerfile,Dockerfile.*,Dockerfile-*,Dockerfile_*,*.yml,*.yaml,.git}',
      ),
    },
    // Rule pages open rendered (commands/ruleDocs.ts): hovers may run that one command from their links.
    initializationOptions: { docsRoot: context.asAbsolutePath('docs/rules'), renderedRuleDocs: true },
    markdown: { isTrusted: { enabledCommands: [RULE_DOCS_COMMAND] } },
  };
  return new LanguageClient('dockml', 'DockML', serverOptions, clientOptions);
}
