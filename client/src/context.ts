// The one object the client's parts share: the output channel and the (restartable) language client.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { config } from './config';
import { createLanguageClient } from './languageClient';

export class Context implements vscode.Disposable {
  readonly output = vscode.window.createOutputChannel('DockML', { log: true });
  private client: LanguageClient | undefined;

  constructor(private readonly extension: vscode.ExtensionContext) {}

  /** Starts the server unless it is disabled in the settings. */
  async start(): Promise<void> {
    if (!config.enabled) {
      this.output.info('DockML is disabled by the dockml.enable setting.');
      return;
    }
    this.client = createLanguageClient(this.extension, this.output);
    await this.client.start();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.stop();
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  dispose(): void {
    void this.stop();
    this.output.dispose();
  }
}
