// The DockML language server: LSP wiring only. Analysis lives in analysis/diagnostics.ts, fixes in editor/codeActions.ts,
// scheduling in validation.ts; this file connects them to the protocol.
import {
  CodeAction,
  CodeActionKind,
  Connection,
  createConnection,
  DidChangeConfigurationNotification,
  InitializeResult,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EditTarget, FIX_ALL_KIND, fixAllAction, quickFixes } from './editor/codeActions';
import { complete } from './editor/completion';
import { composeDefinition } from './editor/compose/features';
import { ComposeModel } from './compose/model';
import { checkedDocumentSync } from './analysis/documents';
import { composeFilesAround } from './project/includers';
import { hover } from './editor/hover';
import { CompletionCapabilities, resolveInstructionCompletion } from './editor/dockerfile/features';
import * as navigation from './editor/navigation';
import { describeContext } from './project/context';
import { isContextWorker, serveContextWorker } from './project/contextWorker';
import { serviceBuild } from './project/serviceBuild';
import { refactorActions } from './editor/refactors';
import { clientSettings, defaultSettings, DockmlSettings } from './analysis/settings';
import { fileRuleDocs, renderedRuleDocs } from './editor/ruleDocs';
import { findDocsRoot, uriToPath, Validator } from './editor/validation';
import { VERSION } from './editor/version';

/** Options the client passes in `initializationOptions`. */
export interface InitializationOptions {
  /** The folder holding the rule pages that diagnostics link to. */
  docsRoot?: string;
  /** True when the client shows rule pages rendered (`dockml-rule:` URIs and its show-documentation command). */
  renderedRuleDocs?: boolean;
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const settingsCache = new Map<string, Promise<DockmlSettings>>();
  let canPullSettings = false;
  /** Whether the client takes versioned edits (`WorkspaceEdit.documentChanges`). */
  let documentChanges = false;
  /** Whether the client shows disabled code actions with their reason; others never receive them. */
  let disabledActions = false;
  let pushedSettings: DockmlSettings = defaultSettings;
  let validator: Validator | undefined;
  let completionCapabilities: CompletionCapabilities = {};

  const settingsFor = (uri: string): Promise<DockmlSettings> => {
    if (!canPullSettings) return Promise.resolve(pushedSettings);
    let settings = settingsCache.get(uri);
    if (!settings) {
      settings = connection.workspace
        .getConfiguration({ scopeUri: uri, section: 'dockml' })
        .then((value: Partial<DockmlSettings> | null) => clientSettings(value))
        .catch(() => defaultSettings);
      settingsCache.set(uri, settings);
    }
    return settings;
  };

  /** Logs the configuration as the server reads it: pulled from the client when it allows, else as pushed. */
  const logConfiguration = () => {
    const current = canPullSettings ? connection.workspace.getConfiguration('dockml') : Promise.resolve(pushedSettings);
    void current.then((settings: unknown) => connection.console.info(`Configuration: ${JSON.stringify(settings)}`)).catch(() => undefined);
  };

  connection.onInitialize((params): InitializeResult => {
    canPullSettings = params.capabilities.workspace?.configuration === true;
    documentChanges = params.capabilities.workspace?.workspaceEdit?.documentChanges === true;
    disabledActions = params.capabilities.textDocument?.codeAction?.disabledSupport === true;
    const item = params.capabilities.textDocument?.completion?.completionItem;
    completionCapabilities = { snippetSupport: item?.snippetSupport, documentationFormat: item?.documentationFormat };
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    // The bundle measures build contexts on a worker thread of itself; run from sources (tests), a worker would
    // compile the whole server again, so measurements run on this thread in slices instead.
    const docsRoot = findDocsRoot(options.docsRoot);
    const docs = options.renderedRuleDocs ? renderedRuleDocs : docsRoot ? fileRuleDocs(docsRoot) : undefined;
    validator = new Validator(connection, documents, settingsFor, docs, __filename.endsWith('.js') ? __filename : undefined);
    // The workspace folders bound the search for the Compose files that build a Dockerfile.
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    validator.workspaceFolders = folders.map(uriToPath).filter((f): f is string => f !== undefined);
    connection.console.info(`DockML language server ${VERSION} on Node ${process.version}; workspace folders: ${validator.workspaceFolders.join(', ') || 'none'}`);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND] },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['=', ':', ' ', '-'], resolveProvider: true },
        definitionProvider: true,
        documentSymbolProvider: { label: 'DockML' },
        foldingRangeProvider: true,
        documentHighlightProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentLinkProvider: { resolveProvider: false },
        documentFormattingProvider: true,
      },
      serverInfo: { name: 'DockML' },
    };
  });

  connection.onInitialized(() => {
    if (canPullSettings) void connection.client.register(DidChangeConfigurationNotification.type, { section: 'dockml' });
    logConfiguration();
  });

  connection.onDidChangeConfiguration((change) => {
    settingsCache.clear();
    const pushed = (change.settings as { dockml?: Partial<DockmlSettings> } | undefined)?.dockml;
    if (pushed) pushedSettings = clientSettings(pushed);
    logConfiguration();
    validator?.revalidateAll();
  });

  connection.onDidChangeWatchedFiles((change) => {
    // A changed .dockml.yaml, or a created .dockerignore or lock file, can change any open document's findings.
    if (change.changes.length > 0) validator?.revalidateAll();
  });

  documents.onDidChangeContent((event) => validator?.schedule(event.document.uri));
  documents.onDidClose((event) => {
    settingsCache.delete(event.document.uri);
    validator?.close(event.document.uri);
  });

  connection.onCodeAction(async (params): Promise<CodeAction[]> => {
    const uri = params.textDocument.uri;
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
    const document = documents.get(uri);
    if (!document || !validator) return [];
    const target = (version: number): EditTarget => ({ uri, version, documentChanges });
    const actions: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      const current = await validator.currentDiagnostics(uri, params.context.diagnostics, params.range);
      if (current) for (const action of quickFixes(target(current.version), current.diagnostics)) actions.push(action);
    }
    const model = validator.model(uri);
    if (wants(CodeActionKind.RefactorRewrite) && model) {
      const refactors = refactorActions({ target: target(document.version), model, range: params.range, path: uriToPath(uri), files: validator.files });
      for (const action of refactors) if (disabledActions || !action.disabled) actions.push(action);
    }
    if (only && wants(FIX_ALL_KIND)) {
      const analysis = await validator.analysis(uri);
      const fixAll = analysis && fixAllAction(target(analysis.version), analysis.findings);
      if (fixAll) actions.push(fixAll);
    }
    return actions;
  });

  connection.onHover(async (params) => {
    const model = validator?.model(params.textDocument.uri);
    if (!model || !validator) return null;
    const v = validator;
    const uri = params.textDocument.uri;
    const file = uriToPath(uri);
    const buildContext = () => {
      const found = v.buildContextOf(uri);
      return found && file !== undefined ? { description: describeContext(file, found.context), size: found.size } : undefined;
    };
    return hover(model, await v.current(uri), params.position, (rule) => v.docsLink(rule, 'hover'), { path: file, buildContext, ...v.projectOf(uri) });
  });

  connection.onCompletion(async (params) => {
    const uri = params.textDocument.uri;
    const model = validator?.model(uri);
    return model && validator ? complete(model, params.position, uriToPath(uri), validator.files, completionCapabilities, params.context?.triggerCharacter) : [];
  });
  connection.onCompletionResolve((item) => resolveInstructionCompletion(item, completionCapabilities));

  /** The model of a document with where it is, for the navigation requests. */
  const place = (uri: string) => {
    const model = validator?.model(uri);
    if (!model || !validator) return undefined;
    const v = validator;
    // The files that may include a Compose file: the open Compose documents, and the YAML files in the folders above it.
    const includerCandidates = (file: string) => [
      ...documents
        .all()
        .filter((d) => d.languageId === 'dockercompose' || d.languageId === 'yaml')
        .map((d) => uriToPath(d.uri))
        .filter((p): p is string => p !== undefined),
      ...composeFilesAround(file, v.files, v.workspaceFolderOf(file)),
    ];
    return { model, place: { uri, path: uriToPath(uri), files: v.files, includerCandidates } };
  };
  connection.onDocumentSymbol((params) => {
    const at = place(params.textDocument.uri);
    return at ? navigation.documentSymbols(at.model) : [];
  });
  connection.onFoldingRanges((params) => {
    const at = place(params.textDocument.uri);
    return at ? navigation.foldingRanges(at.model) : [];
  });
  connection.onDocumentHighlight((params) => {
    const at = place(params.textDocument.uri);
    return at ? navigation.highlights(at.model, params.position) : [];
  });
  connection.onReferences((params) => {
    const at = place(params.textDocument.uri);
    return at ? navigation.findReferences(at.model, params.position, at.place, params.context.includeDeclaration) : [];
  });
  connection.onPrepareRename((params) => {
    const at = place(params.textDocument.uri);
    return at ? navigation.prepareRename(at.model, params.position) : null;
  });
  connection.onRenameRequest((params) => {
    const at = place(params.textDocument.uri);
    return at ? navigation.rename(at.model, params.position, params.newName, at.place) : null;
  });
  connection.onDocumentLinks((params) => {
    const at = place(params.textDocument.uri);
    return at ? navigation.documentLinks(at.model) : [];
  });
  connection.onDocumentFormatting((params) => {
    const at = place(params.textDocument.uri);
    return at ? navigation.format(at.model, params.options) : [];
  });

  connection.onDefinition((params) => {
    const uri = params.textDocument.uri;
    const model = validator?.model(uri);
    return model instanceof ComposeModel && validator ? composeDefinition(model, params.position, uriToPath(uri), validator.files, uri) : [];
  });

  // The build context of a Dockerfile, for the client's Build Image command (client/src/build).
  connection.onRequest('dockml/buildContext', (params: { uri: string }) => {
    const found = validator?.buildContextOf(params.uri);
    if (!found) return null;
    const { context } = found;
    const services = validator!.serviceBuildsOf(params.uri);
    return { dir: context.dir, ignoreFile: context.ignored ? context.ignoreFile : undefined, service: context.builder?.service, services };
  });
  // How a Compose service builds its image, for the client's Build Image lens on the service's `build:` key.
  connection.onRequest('dockml/serviceBuild', (params: { uri: string; service: string }) => {
    const file = uriToPath(params.uri);
    return (file && validator && serviceBuild(file, params.service, validator.files)) || null;
  });

  documents.listen(checkedDocumentSync(connection));
  connection.listen();
}

// The same script, started as a worker thread, measures build contexts (see project/contextWorker.ts).
if (isContextWorker()) serveContextWorker();
else if (require.main === module) {
  const connection = createConnection(ProposedFeatures.all);
  // A bug that escapes every handler is logged, and the editor keeps its server and the user's open documents.
  const log = (what: string) => (error: unknown) => connection.console.error(`${what}: ${(error as Error)?.stack ?? String(error)}`);
  process.on('uncaughtException', log('Uncaught exception'));
  process.on('unhandledRejection', log('Unhandled rejection'));
  startServer(connection);
}
