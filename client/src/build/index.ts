// The editor side of building: the **DockML: Build Image** command and a code lens on each stage's FROM, running
// the build on the explorer's engine with output in the "DockML Build" channel, progress and cancellation.
import Dockerode from 'dockerode';
import * as vscode from 'vscode';
import { dockerodeOptions } from '../explorer/engine';
import type { Endpoint } from '../explorer/endpoint';
import { plainFailure } from '../explorer/errors';
import { formatBytes } from '../../../server/src/project/contextSize';
import { BuildCancelled, BuildError, buildImage, defaultTag } from './build';
import { BuildSummary, firstMissText, StepRecorder, stepHint, summarize, summaryHover } from './results';

/** What the language server says about a Dockerfile's build context (the `dockml/buildContext` request). */
export interface BuildContextAnswer {
  dir: string;
  ignoreFile?: string;
  /** The Compose service the context comes from, when one builds this Dockerfile. */
  service?: string;
}

export const BUILD_CONTEXT_REQUEST = 'dockml/buildContext';

/** A stage's FROM line: the stage name when it has one. */
const FROM = /^\s*FROM\s+(?:--\S+\s+)*\S+(?:\s+AS\s+(\S+))?\s*$/i;

export interface BuildDeps {
  /** The explorer's engine endpoint, or undefined when there is no usable one. */
  endpoint(): Endpoint | undefined;
  /** Asks the language server for a Dockerfile's build context; undefined when it is not running. */
  buildContext(uri: vscode.Uri): Promise<BuildContextAnswer | undefined>;
}

export function registerBuild(context: vscode.ExtensionContext, deps: BuildDeps): void {
  const output = vscode.window.createOutputChannel('DockML Build');
  context.subscriptions.push(output);
  /** The last build of each Dockerfile (by path), shown as inlay hints until the next one. */
  const results = new Map<string, { summary: BuildSummary; tag: string; totalBytes: number }>();
  const hintsChanged = new vscode.EventEmitter<void>();
  context.subscriptions.push(hintsChanged);

  const build = async (uri?: vscode.Uri, target?: string) => {
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
    const answer = await deps.buildContext(document.uri);
    const contextDir = answer?.dir ?? vscode.Uri.joinPath(document.uri, '..').fsPath;
    const tag = defaultTag(contextDir, target);
    output.clear();
    output.show(true);
    output.appendLine(`Building ${tag} from ${document.uri.fsPath}${target ? ` up to stage ${target}` : ''}, context ${contextDir}${answer?.service ? ` (service ${answer.service})` : ''}`);
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
            { dockerfile: document.uri.fsPath, contextDir, ignoreFile: answer?.ignoreFile, target, tag },
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
      return [...builds, new vscode.CodeLens(new vscode.Range(missLine, 0, missLine, 0), { title: `$(debug-rerun) ${missText}`, command: '' })];
    },
  };

  const hints: vscode.InlayHintsProvider = {
    onDidChangeInlayHints: hintsChanged.event,
    provideInlayHints(document) {
      const last = results.get(document.uri.fsPath);
      if (!last) return [];
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
      const finalFrom = last?.summary.steps.filter((s) => /^FROM\s/i.test(s.instruction)).at(-1);
      if (!last || finalFrom?.line !== position.line) return undefined;
      return new vscode.Hover(new vscode.MarkdownString(summaryHover(last.summary, last.tag, last.totalBytes)));
    },
  };

  context.subscriptions.push(
    vscode.languages.registerInlayHintsProvider({ language: 'dockerfile', scheme: 'file' }, hints),
    vscode.languages.registerHoverProvider({ language: 'dockerfile', scheme: 'file' }, hover),
    vscode.commands.registerCommand('dockml.buildImage', (uri?: vscode.Uri, target?: string) => build(uri instanceof vscode.Uri ? uri : undefined, typeof target === 'string' ? target : undefined)),
    vscode.languages.registerCodeLensProvider({ language: 'dockerfile', scheme: 'file' }, lenses),
  );
}
