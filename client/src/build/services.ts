// Building as a Compose service: a **Build image** code lens on each service's `build:` key in a Compose file, and
// the choice of service when several build the Dockerfile that **DockML: Build Image** is asked to build.
import * as vscode from 'vscode';
import type { ServiceBuild } from '../../../server/src/project/serviceBuild';
import { COMPOSE_GLOB } from '../explorer/commands';
import { serviceBuildKeys } from './serviceKeys';

/** The `--build-arg` list of a service, shortened for a quick pick. */
function argsText(service: ServiceBuild): string {
  const args = Object.entries(service.args).map(([name, value]) => `${name}=${value}`);
  return args.length > 0 ? `--build-arg ${args.join(' ')}` : 'no build args';
}

/**
 * The service to build a Dockerfile as: the only one when one service builds it, else the one the user picks;
 * undefined when the user cancels or the chosen service cannot be built (which is then said).
 */
export async function chooseService(services: ServiceBuild[]): Promise<ServiceBuild | undefined> {
  let chosen = services[0];
  if (services.length > 1) {
    const picked = await vscode.window.showQuickPick(
      services.map((service) => ({
        label: service.service,
        description: `${vscode.workspace.asRelativePath(service.composeFile)}${service.target ? `, target ${service.target}` : ''}`,
        detail: service.problem ?? argsText(service),
        service,
      })),
      { placeHolder: 'Several Compose services build this Dockerfile: build it as which one?' },
    );
    if (!picked) return undefined;
    chosen = picked.service;
  }
  if (chosen?.problem) {
    void vscode.window.showErrorMessage(`DockML: cannot build service ${chosen.service}: ${chosen.problem}.`);
    return undefined;
  }
  return chosen;
}

/** The **Build image** lens above each `build:` key of a Compose file, building that service. */
export function registerServiceLens(): vscode.Disposable {
  const provider: vscode.CodeLensProvider = {
    provideCodeLenses(document) {
      return serviceBuildKeys(document.getText()).map(({ service, line, character }) => {
        const range = new vscode.Range(line, character, line, character);
        return new vscode.CodeLens(range, { title: '$(package) Build image', tooltip: `Build the image of service ${service} as Compose would`, command: 'dockml.buildService', arguments: [document.uri, service] });
      });
    },
  };
  return vscode.languages.registerCodeLensProvider([{ language: 'dockercompose', scheme: 'file' }, { pattern: COMPOSE_GLOB, scheme: 'file' }], provider);
}
