// The Containers view: reads every container, and refreshes on any container event, health checks included.
import type { ContainerJson } from '../model';
import type { ViewDefinition } from '../view';
import { buildContainerNodes } from './nodes';

export const containersView: ViewDefinition = {
  id: 'containers',
  // exec_* events come with every shell and health probe and change nothing shown; health_status changes the icon.
  affectedBy: (event) => event.Type === 'container' && !event.Action.startsWith('exec_'),
  // The engine's status says "Up 5 minutes" or "Exited (0) 2 hours ago" as of the read: read again so it stays true.
  refreshEveryMs: 30_000,
  create() {
    let containers: ContainerJson[] = [];
    return {
      async load(context) {
        containers = await context.engine.listContainers();
        return this.nodes(context);
      },
      nodes: (context) => buildContainerNodes(containers, context.settings),
    };
  },
};
