// The Compose Projects view: reads containers, networks and volumes, and on container lifecycle, network and
// volume events re-reads the ones they name.
import { patchContainers, patchNetworks, patchVolumes } from '../changes';
import type { ContainerJson, NetworkJson, VolumeJson } from '../model';
import { CONTAINER_ACTIONS, type ViewDefinition } from '../view';
import { buildProjectNodes } from './nodes';

export const projectsView: ViewDefinition = {
  id: 'projects',
  // A health check's verdict shows in a service's status, so health_status counts; exec probes do not.
  affectedBy: (event) =>
    event.Type === 'network' || event.Type === 'volume' || (event.Type === 'container' && (CONTAINER_ACTIONS.has(event.Action) || event.Action.startsWith('health_status'))),
  create() {
    let data: { containers: ContainerJson[]; networks: NetworkJson[]; volumes: VolumeJson[] } | undefined;
    return {
      async load(context) {
        const [containers, networks, volumes] = await Promise.all([context.engine.listContainers(), context.engine.listNetworks(), context.engine.listVolumes()]);
        data = { containers, networks, volumes };
        return this.nodes(context);
      },
      async update(context, changes) {
        if (!data) return undefined;
        const [containers, networks, volumes] = await Promise.all([
          patchContainers(context.engine, data.containers, changes),
          patchNetworks(context.engine, data.networks, changes),
          patchVolumes(context.engine, data.volumes, changes),
        ]);
        data = { containers, networks, volumes };
        return this.nodes(context);
      },
      reset() {
        data = undefined;
      },
      nodes: () => buildProjectNodes(data?.containers ?? [], data?.networks ?? [], data?.volumes ?? []),
    };
  },
};
