// The editor side of building: the **DockML: Build Image** command and a code lens on each stage's FROM, running
// the build on the explorer's engine with output in the "DockML Build" channel, progress and cancellation.
import Dockerode from 'dockerode';
import * as vscode from 'vscode';
import { DockerEngine, dockerodeOptions } from '../explorer/engine';
import type { Endpoint } from '../explorer/endpoint';
import { plainFailure } from '../explorer/errors';
import { formatBytes } from '../../../server/src/project/contextSize';
import { BuildCancelled, BuildError, buildImage, defaultTag } from './build';
import { findLocalImage, imageLines, LocalImage, localImageHover } from './history';
import { BuildSummary, explainingRules, firstMissText, missHover, StepRecorder, stepHint, summarize, summaryHover } from './results';
import { RULE_DOCS_COMMAND, ruleDocsCommandUri } from '../../../server/src/editor/ruleDocs';
import { chooseService, registerServiceLens } from './services';
import type { ServiceBuild } from '../../../server/src/project/serviceBuild';

/** What the language server says about a Dockerfile's build context (the `dockml/buildContext` request). */
export interface BuildContextAnswer {
  dir: string;
  ignoreFile?: string;
  /** The Compose service the context comes from, when one builds this Dockerfile. */
  service?: string;
  /** How each Compose service that builds this Dockerfile builds it. */
  services?: ServiceBuild[];
}

export const BUILD_CONTEXT_REQUEST = 'dockml/buildContext';
/** How one Compose service builds its image (`{uri, service}` → ServiceBuild or null). */
export const SERVICE_BUILD_REQUEST = 'dockml/serviceBuild';

/** A stage's FROM line: the stage name when it has one. */
const FROM = /^\s*FROM\s+(?:--\S+\s+)*\S+(?:\s+AS\s+(\S+))?\s*$/i;

export interface BuildDeps {
  /** The explorer's engine endpoint, or undefined when there is no usable one. */
  endpoint(): Endpoint | undefined;
  /** Asks the language server for a Dockerfile's build context; undefined when it is not running. */
  buildContext(uri: vscode.Uri): Promise<BuildContextAnswer | undefined>;
  /** Asks the language server how a Compose file's service builds; undefined when it is not running or has none. */
  serviceBuild(composeUri: vscode.Uri, service: string): Promise<ServiceBuild | undefined>;
}

/** DockML's findings in a document, by rule and line, from the diagnostics VS Code holds. */
function staticFindings(document: vscode.TextDocument): { rule: string; line: number }[] {
  return vscode.languages
    .getDiagnostics(document.uri)
    // The language server's diagnostics carry the source `dockml`.
    .filter((d) => d.source === 'dockml' && d.code !== undefined)
    .map((d) => ({ rule: String(typeof d.code === 'object' ? d.code.value : d.code), line: d.range.start.line }));
}

export function registerBuild(context: vscode.ExtensionContext, deps: BuildDeps): void {
  const output = vscode.window.createOutputChannel('DockML Build');
  context.subscriptions.push(output);
  /** The last build of each Dockerfile (by path), shown as inlay hints until the next one. */
  const results = new Map<string, { summary: BuildSummary; tag: string; totalBytes: number }>();
  const hintsChanged = new vscode.EventEmitter<void>();
  context.subscriptions.push(hintsChanged);
  /** For Dockerfiles without a build from the editor: the newest local image built from each, when one was found. */
  const localImages = new Map<string, LocalImage>();
  const lookingUp = new Set<string>();
  // Looked up when a Dockerfile is opened, saved or brought to the front (after a `docker build` in a terminal, say);
  // the hints then follow the text as it is edited.
  const lookUpLocalImage = (document: vscode.TextDocument) => {
    const endpoint = deps.endpoint();
    const file = document.uri.fsPath;
    if (document.languageId !== 'dockerfile' || document.uri.scheme !== 'file' || !endpoint || lookingUp.has(file)) return;
    lookingUp.add(file);
    findLocalImage(new DockerEngine(endpoint), file, document.getText())
      .then(
        (found) => {
          if (found) localImages.set(file, found);
          else localImages.delete(file);
          hintsChanged.fire();
        },
        (error: unknown) => output.appendLine(`No local image could be read for ${file}: ${plainFailure(error, endpoint)}`),
      )
      .finally(() => lookingUp.delete(file));
  };
  const localLines = (document: vscode.TextDocument) => {
    const found = localImages.get(document.uri.fsPath);
    const lines = found ? imageLines(found, document.getText()) : undefined;
    return found && lines ? { found, lines } : undefined;
  };

  /** Builds a Dockerfile, with a Compose service's context, arguments and target when it is built as that service. */
  const build = async (uri?: vscode.Uri, target?: string, service?: ServiceBuild) => {
    const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'dockerfile' || document.uri.scheme !== 'file') {
      void vscode.window.showErrorMessage('DockML: open a saved Dockerfile to build it.');
      return;
    }
    const endpoint = deps.endpoint();
    if (!endpoint) {
      void vscode.window.showErrorMessage('DockML: there is no usable Docker endpoint to build on (see the DockML explorer).');
      return;
    }
    // The engine builds what is on disk.
    if (document.isDirty && !(await document.save())) return;
    const answer = service ? undefined : await deps.buildContext(document.uri);
    if (!service && answer?.services?.length) {
      service = await chooseService(answer.services);
      if (!service) return;
    }
    const contextDir = service?.contextDir ?? answer?.dir ?? vscode.Uri.joinPath(document.uri, '..').fsPath;
    const ignoreFile = service ? service.ignoreFile : answer?.ignoreFile;
    // A lens's stage wins over the service's `build.target`.
    target ??= service?.target;
    const buildArgs = service?.args ?? {};
    const tag = defaultTag(contextDir, target);
    output.clear();
    output.show(true);
    output.appendLine(`Building ${tag} from ${document.uri.fsPath}${target ? ` up to stage ${target}` : ''}, context ${contextDir}${service ? ` (service ${service.service})` : ''}`);
    for (const [name, value] of Object.entries(buildArgs)) output.appendLine(`  --build-arg ${name}=${value}`);
    const docker = new Dockerode(dockerodeOptions(endpoint));
    const controller = new AbortController();
    const text = document.getText();
    const recorder = new StepRecorder({
      line: (line) => output.appendLine(line),
    });
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `DockML: building ${tag}`, cancellable: true },
        (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          let done = 0;
          return buildImage(
            docker,
            { dockerfile: document.uri.fsPath, contextDir, ignoreFile, target, tag, buildArgs },
            {
              line: (line) => recorder.line(line),
              step: (index, total, instruction) => {
                recorder.step(index, total, instruction);
                progress.report({ message: `step ${index}/${total}: ${instruction.slice(0, 60)}`, increment: ((index - done) / total) * 100 });
                done = index;
              },
            },
            controller.signal,
          );
        },
      );
      const previous = results.get(document.uri.fsPath)?.summary.steps;
      const summary = await summarize(docker, result.imageId, text, recorder.steps, previous);
      const totalBytes = ((await docker.getImage(result.imageId).inspect()) as { Size?: number }).Size ?? 0;
      results.set(document.uri.fsPath, { summary, tag: result.tag, totalBytes });
      hintsChanged.fire();
      const rebuilt = summary.firstMiss ? `; rebuilt from line ${(summary.steps.find((s) => s.step === summary.firstMiss!.step)?.line ?? 0) + 1} (${summary.firstMiss.reason})` : '; all from the cache';
      void vscode.window.showInformationMessage(`DockML: built ${result.tag} (${result.imageId.slice(7, 19)}, ${formatBytes(totalBytes)})${rebuilt}.`);
    } catch (error) {
      if (error instanceof BuildCancelled) {
        output.appendLine('Cancelled.');
        return;
      }
      const message = error instanceof BuildError ? error.message : plainFailure(error, endpoint);
      output.appendLine(`Failed: ${message}`);
      void vscode.window.showErrorMessage(`DockML: the build failed: ${message}`, 'Show Output').then((choice) => choice && output.show());
    }
  };

  const lenses: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: hintsChanged.event,
    provideCodeLenses(document) {
      const stages: { line: number; name?: string }[] = [];
      for (let line = 0; line < document.lineCount; line++) {
        const match = FROM.exec(document.lineAt(line).text);
        if (match) stages.push({ line, name: match[1] });
      }
      const builds = stages.flatMap((stage, index) => {
        const range = new vscode.Range(stage.line, 0, stage.line, 0);
        if (index === stages.length - 1) return [new vscode.CodeLens(range, { title: '$(package) Build image', command: 'dockml.buildImage', arguments: [document.uri] })];
        // The classic builder takes a stage name as its target, not a number.
        if (!stage.name) return [];
        return [new vscode.CodeLens(range, { title: `$(package) Build up to ${stage.name}`, command: 'dockml.buildImage', arguments: [document.uri, stage.name] })];
      });
      // The first cache miss of the last build, above its line: a lens is never cut short as a long inlay hint is.
      const last = results.get(document.uri.fsPath)?.summary;
      const missText = last && firstMissText(last);
      const missLine = last?.steps.find((s) => s.step === last.firstMiss?.step)?.line;
      if (!missText || missLine === undefined || missLine >= document.lineCount) return builds;
      const missRange = new vscode.Range(missLine, 0, missLine, 0);
      // Beside it, a lens for each static rule that explains the miss, opening the rule's documentation.
      const rules = explainingRules(last, staticFindings(document)).map(
        (rule) => new vscode.CodeLens(missRange, { title: `$(book) see ${rule}`, tooltip: `The static rule ${rule} explains this cache miss: open its documentation.`, command: RULE_DOCS_COMMAND, arguments: [rule] }),
      );
      return [...builds, new vscode.CodeLens(missRange, { title: `$(debug-rerun) ${missText}`, command: '' }), ...rules];
    },
  };

  const hints: vscode.InlayHintsProvider = {
    onDidChangeInlayHints: hintsChanged.event,
    provideInlayHints(document) {
      const last = results.get(document.uri.fsPath);
      if (!last) {
        // An image built outside the editor: its layer sizes only; time and cache hits are known for the editor's builds.
        return (localLines(document)?.lines.layers ?? []).flatMap((layer) => {
          if (layer.line >= document.lineCount) return [];
          const hint = new vscode.InlayHint(document.lineAt(layer.line).range.end, `  ${formatBytes(layer.bytes)}`);
          hint.paddingLeft = true;
          return [hint];
        });
      }
      return last.summary.steps.flatMap((step) => {
        if (step.line === undefined || step.line >= document.lineCount || /^LABEL dockml\./.test(step.instruction)) return [];
        const end = document.lineAt(step.line).range.end;
        const hint = new vscode.InlayHint(end, stepHint(step));
        hint.paddingLeft = true;
        return [hint];
      });
    },
  };
  const hover: vscode.HoverProvider = {
    provideHover(document, position) {
      const last = results.get(document.uri.fsPath);
      if (!last) {
        const local = localLines(document);
        return local?.lines.fromLine === position.line ? new vscode.Hover(new vscode.MarkdownString(localImageHover(local.found, local.lines))) : undefined;
      }
      const finalFrom = last.summary.steps.filter((s) => /^FROM\s/i.test(s.instruction)).at(-1);
      if (finalFrom?.line === position.line) return new vscode.Hover(new vscode.MarkdownString(summaryHover(last.summary, last.tag, last.totalBytes)));
      const miss = last.summary.steps.find((s) => s.step === last.summary.firstMiss?.step);
      if (miss?.line !== position.line) return undefined;
      const rules = explainingRules(last.summary, staticFindings(document));
      const markdown = new vscode.MarkdownString(missHover(last.summary, rules, ruleDocsCommandUri));
      markdown.isTrusted = { enabledCommands: [RULE_DOCS_COMMAND] };
      return new vscode.Hover(markdown);
    },
  };

  context.subscriptions.push(
    vscode.languages.registerInlayHintsProvider({ language: 'dockerfile', scheme: 'file' }, hints),
    vscode.languages.registerHoverProvider({ language: 'dockerfile', scheme: 'file' }, hover),
    vscode.commands.registerCommand('dockml.buildImage', (uri?: vscode.Uri, target?: string) => build(uri instanceof vscode.Uri ? uri : undefined, typeof target === 'string' ? target : undefined)),
    vscode.languages.registerCodeLensProvider({ language: 'dockerfile', scheme: 'file' }, lenses),
    vscode.commands.registerCommand('dockml.buildService', async (composeUri?: vscode.Uri, name?: string) => {
      const found = composeUri instanceof vscode.Uri && typeof name === 'string' ? await deps.serviceBuild(composeUri, name) : undefined;
      if (!found?.dockerfile || found.problem) {
        void vscode.window.showErrorMessage(`DockML: cannot build ${name ? `service ${name}` : 'that service'}: ${found?.problem ?? 'the language server does not know it'}.`);
        return;
      }
      await build(vscode.Uri.file(found.dockerfile), undefined, found);
    }),
    registerServiceLens(),
    vscode.workspace.onDidOpenTextDocument(lookUpLocalImage),
    vscode.workspace.onDidSaveTextDocument(lookUpLocalImage),
    vscode.window.onDidChangeActiveTextEditor((editor) => editor && lookUpLocalImage(editor.document)),
  );
  for (const document of vscode.workspace.textDocuments) lookUpLocalImage(document);
}
