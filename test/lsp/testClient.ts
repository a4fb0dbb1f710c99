// An LSP client wired to the real DockML server in-process over two streams, after
// compose-language-service's TestConnection: no child processes, and no sleeps (tests await messages).
import { PassThrough } from 'node:stream';
import {
  createMessageConnection,
  MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-jsonrpc/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import type {
  CodeAction,
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  Range,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { startServer } from '../../server/src/server';
import { applyEdits } from '../../server/src/text';

export interface Settings {
  rules?: Record<string, string>;
  /** The per-rule settings `dockml.rule.<id>`, which VS Code sends as one object of the `dockml` section. */
  rule?: Record<string, string>;
}

export class TestClient {
  readonly connection: MessageConnection;
  /** Every publishDiagnostics notification received, in order. */
  readonly published: PublishDiagnosticsParams[] = [];
  settings: Settings = {};
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  private waiters: { test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];

  /** `documentChanges`: whether the client takes versioned edits, as VS Code does (the default). */
  constructor(private readonly options: { documentChanges?: boolean } = {}) {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    startServer(createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient)));
    this.connection = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      const ready = this.waiters.filter((w) => w.test(params));
      this.waiters = this.waiters.filter((w) => !w.test(params));
      for (const w of ready) w.resolve(params);
    });
    this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
      params.items.map(() => this.settings),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/logMessage', () => undefined);
    this.connection.listen();
  }

  /** Initializes the server; `disabledActions: false` plays a client that cannot show disabled code actions. */
  async initialize(options: { disabledActions?: boolean; initializationOptions?: object } = {}): Promise<InitializeResult> {
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: null,
      rootUri: null,
      initializationOptions: options.initializationOptions,
      capabilities: {
        workspace: {
          configuration: true,
          didChangeConfiguration: { dynamicRegistration: true },
          workspaceEdit: { documentChanges: this.options.documentChanges ?? true },
        },
        textDocument: {
          codeAction: { disabledSupport: options.disabledActions ?? true },
          // As VS Code says it: snippets in completions, Markdown documentation first.
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] } },
        },
      },
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** Resolves with the next diagnostics published for `uri` (for `version`, when given). */
  nextDiagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve) => {
      this.waiters.push({ test: (p) => p.uri === uri && (version === undefined || p.version === version), resolve });
    });
  }

  /** Opens a document and returns its first diagnostics. */
  async open(uri: string, text: string, languageId = 'dockerfile'): Promise<Diagnostic[]> {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    const published = this.nextDiagnostics(uri, 1);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return (await published).diagnostics;
  }

  /** Replaces the whole text; returns the diagnostics published for the new version. */
  async change(uri: string, text: string): Promise<Diagnostic[]> {
    const version = this.sendChange(uri, [{ text }]);
    return (await this.nextDiagnostics(uri, version)).diagnostics;
  }

  /** Sends a change without waiting; returns the new version. */
  sendChange(uri: string, changes: ({ text: string } | { range: Range; text: string })[]): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    let text = this.texts.get(uri) ?? '';
    for (const change of changes) text = 'range' in change ? applyEdits(text, [{ range: change.range, newText: change.text }]) : change.text;
    this.texts.set(uri, text);
    void this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  text(uri: string): string {
    return this.texts.get(uri) ?? '';
  }

  async close(uri: string): Promise<PublishDiagnosticsParams> {
    const cleared = this.nextDiagnostics(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    return cleared;
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics, only } });
  }

  /**
   * Applies a workspace edit to the open document as an editor would, and returns the new diagnostics. Like
   * VS Code, it refuses (throws) an edit that names another version of the document than the current one.
   */
  async apply(uri: string, edit: WorkspaceEdit): Promise<Diagnostic[]> {
    for (const change of edit.documentChanges ?? []) {
      if (!('textDocument' in change) || change.textDocument.uri !== uri || change.textDocument.version === null) continue;
      const current = this.versions.get(uri);
      if (change.textDocument.version !== current) throw new Error(`refused: the edit is for version ${change.textDocument.version}, the document is at ${current}`);
    }
    const edits: TextEdit[] = [
      ...(edit.changes?.[uri] ?? []),
      ...(edit.documentChanges ?? []).flatMap((c) => ('textDocument' in c && c.textDocument.uri === uri ? c.edits : [])),
    ] as TextEdit[];
    return this.change(uri, applyEdits(this.text(uri), edits.map((e) => ({ range: e.range, newText: e.newText }))));
  }

  async changeSettings(settings: Settings): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { dockml: settings } });
  }

  async dispose(): Promise<void> {
    await this.connection.sendRequest('shutdown');
    this.connection.dispose();
  }
}
