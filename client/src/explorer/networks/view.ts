// The Networks view: reads networks and containers, and on network events and container lifecycle events re-reads
// the networks and containers they name.
import { NodeMemo, patchContainers, patchNetworks } from '../changes';
import { CONTAINER_ACTIONS, type ViewDefinition } from '../view';
import type { ContainerJson, NetworkJson } from '../model';
import { buildNetworkNodes } from './nodes';

export const networksView: ViewDefinition = {
  id: 'networks',
  affectedBy: (event) => event.Type === 'network' || (event.Type === 'container' && CONTAINER_ACTIONS.has(event.Action)),
  create() {
    let data: { networks: NetworkJson[]; containers: ContainerJson[] } | undefined;
    const memo = new NodeMemo<NetworkJson>();
    return {
      async load(context) {
        const [networks, containers] = await Promise.all([context.engine.listNetworks(), context.engine.listContainers()]);
        data = { networks, containers };
        return this.nodes(context);
      },
      async update(context, changes) {
        if (!data) return undefined;
        const [networks, containers] = await Promise.all([
          patchNetworks(context.engine, data.networks, changes),
          patchContainers(context.engine, data.containers, changes),
        ]);
        data = { networks, containers };
        return this.nodes(context);
      },
      reset() {
        data = undefined;
      },
      nodes: (context) => buildNetworkNodes(data?.networks ?? [], data?.containers ?? [], context.settings, memo),
    };
  },
};
