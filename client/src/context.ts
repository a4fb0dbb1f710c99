// The one object the client's parts share: the output channel and the (restartable) language client.
import * as vscode from 'vscode';
import { LanguageClient, State } from 'vscode-languageclient/node';
import { config } from './config';
import { createLanguageClient } from './languageClient';
import { StatusBar } from './statusBar';

export class Context implements vscode.Disposable {
  readonly output = vscode.window.createOutputChannel('DockML', { log: true });
  readonly status = new StatusBar();
  private client: LanguageClient | undefined;

  constructor(private readonly extension: vscode.ExtensionContext) {}

  /** Starts the server unless it is disabled in the settings. */
  async start(): Promise<void> {
    if (!config.enabled) {
      this.output.info('DockML is disabled by the dockml.enable setting.');
      this.status.setState('disabled');
      return;
    }
    this.client = createLanguageClient(this.extension, this.output);
    this.client.onDidChangeState((event) => {
      this.status.setState(event.newState === State.Running ? 'running' : event.newState === State.Starting ? 'starting' : 'stopped');
    });
    await this.client.start();
  }

  /** Sends a request to the language server; undefined when it is not running or does not answer. */
  async request<T>(method: string, params: unknown): Promise<T | undefined> {
    if (this.client?.state !== State.Running) return undefined;
    try {
      return await this.client.sendRequest<T>(method, params);
    } catch {
      return undefined;
    }
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.stop();
    this.status.setState('stopped');
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  dispose(): void {
    void this.stop();
    this.status.dispose();
    this.output.dispose();
  }
}
