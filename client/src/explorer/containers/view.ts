// The Containers view: reads every container, and on any container event (health checks included) re-reads
// the containers it names.
import { NodeMemo, patchContainers } from '../changes';
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
    let containers: ContainerJson[] | undefined;
    const memo = new NodeMemo<ContainerJson>();
    return {
      async load(context) {
        containers = await context.engine.listContainers();
        return this.nodes(context);
      },
      async update(context, changes) {
        if (!containers) return undefined;
        containers = await patchContainers(context.engine, containers, changes);
        return this.nodes(context);
      },
      reset() {
        containers = undefined;
      },
      nodes: (context) => buildContainerNodes(containers ?? [], context.settings, Date.now(), memo),
    };
  },
};
