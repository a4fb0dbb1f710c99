// The Volumes view: reads volumes and containers at once, and their sizes from /system/df afterwards, because
// that report walks every volume's files and may take a while; the sizes fill in when it arrives. Events re-read
// only the volumes and containers they name.
import type { ContainerJson, VolumeJson, VolumeUsage } from '../model';
import { NodeMemo, patchContainers, patchVolumes } from '../changes';
import { CONTAINER_ACTIONS, LateFacts, type ViewContext, type ViewDefinition } from '../view';
import { buildVolumeNodes } from './nodes';

export const volumesView: ViewDefinition = {
  id: 'volumes',
  affectedBy: (event) => event.Type === 'volume' || (event.Type === 'container' && CONTAINER_ACTIONS.has(event.Action)),
  create() {
    let data: { volumes: VolumeJson[]; containers: ContainerJson[] } | undefined;
    let sizes: ReadonlyMap<string, VolumeUsage> = new Map();
    // One df at a time; a refresh during one asks for another after it, so sizes are never older than the list.
    const sizesLoad = new LateFacts('Volume sizes', async (context, current) => {
      const usage = await context.engine.volumeUsage();
      if (current()) sizes = usage;
    });

    const memo = new NodeMemo<VolumeJson>();

    const nodes = (context: ViewContext) =>
      buildVolumeNodes(data?.volumes ?? [], data?.containers ?? [], { sizes, loading: sizesLoad.loading }, context.settings, memo);

    return {
      async load(context) {
        const [volumes, containers] = await Promise.all([context.engine.listVolumes(), context.engine.listContainers()]);
        data = { volumes, containers };
        // Started first so that the nodes built now say their sizes are on the way.
        sizesLoad.start(context);
        return nodes(context);
      },
      async update(context, changes) {
        if (!data) return undefined;
        const [volumes, containers] = await Promise.all([
          patchVolumes(context.engine, data.volumes, changes),
          patchContainers(context.engine, data.containers, changes),
        ]);
        data = { volumes, containers };
        // A volume created, removed, mounted or unmounted may change the disk-usage report.
        if (changes.volumes.length > 0) sizesLoad.start(context);
        return nodes(context);
      },
      nodes,
      settled: () => sizesLoad.settled(),
      reset() {
        sizesLoad.reset();
        sizes = new Map();
        data = undefined;
      },
    };
  },
};
