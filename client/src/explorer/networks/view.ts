// The Networks view: reads networks and containers, and refreshes on network events and container lifecycle events.
import { CONTAINER_ACTIONS, type ViewDefinition } from '../view';
import type { ContainerJson, NetworkJson } from '../model';
import { buildNetworkNodes } from './nodes';

export const networksView: ViewDefinition = {
  id: 'networks',
  affectedBy: (event) => event.Type === 'network' || (event.Type === 'container' && CONTAINER_ACTIONS.has(event.Action)),
  create() {
    let data: { networks: NetworkJson[]; containers: ContainerJson[] } = { networks: [], containers: [] };
    return {
      async load(context) {
        const [networks, containers] = await Promise.all([context.engine.listNetworks(), context.engine.listContainers()]);
        data = { networks, containers };
        return this.nodes(context);
      },
      nodes: (context) => buildNetworkNodes(data.networks, data.containers, context.settings),
    };
  },
};
