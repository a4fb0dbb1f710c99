// The Images view: reads the images and containers at once, then each image's history (kept by image ID, as an
// image never changes) and the Dockerfiles the images were built from; the layers fill in when they arrive.
import * as fs from 'node:fs';
import { DOCKERFILE_LABEL } from '../../build/build';
import { dockerfileOfImage, dockerfileStages, ParsedDockerfile } from '../../build/history';
import type { ContainerJson, HistoryJson, ImageJson } from '../model';
import { LateFacts, type ViewContext, type ViewDefinition } from '../view';
import { buildImageNodes } from './nodes';

/** Image events that change what is listed: `pull`, `tag`, `untag`, `delete`, `import`, `load`, and builds' `tag`. */
const IMAGE_ACTIONS = new Set(['pull', 'tag', 'untag', 'delete', 'import', 'load', 'prune']);
/** How many histories are read at once. */
const PARALLEL_HISTORIES = 4;

export const imagesView: ViewDefinition = {
  id: 'images',
  // Containers created or removed change how many use each image; a classic build's steps are such containers.
  affectedBy: (event) =>
    (event.Type === 'image' && IMAGE_ACTIONS.has(event.Action)) || (event.Type === 'container' && (event.Action === 'create' || event.Action === 'destroy')),
  create() {
    let images: ImageJson[] = [];
    let containers: ContainerJson[] = [];
    const histories = new Map<string, HistoryJson[] | { error: string }>();
    let sources = new Map<string, { file: string; lines: Map<number, number> }>();
    // One round of history reads at a time; a refresh during one asks for another after it.
    const layersLoad = new LateFacts('Image layers', async (context, current) => {
      const missing = images.filter((i) => !Array.isArray(histories.get(i.Id)));
      let next = 0;
      const worker = async () => {
        while (next < missing.length) {
          const image = missing[next++];
          try {
            const history = await context.engine.imageHistory(image.Id);
            if (current()) histories.set(image.Id, history);
          } catch (error) {
            if (current()) histories.set(image.Id, { error: error instanceof Error ? error.message : String(error) });
          }
        }
      };
      await Promise.all(Array.from({ length: PARALLEL_HISTORIES }, worker));
      const found = await imageSources(images, histories, context);
      if (current()) sources = found;
    });

    const nodes = (context: ViewContext) => buildImageNodes(images, containers, { histories, sources, loading: layersLoad.loading }, context.settings);

    return {
      async load(context) {
        [images, containers] = await Promise.all([context.engine.listImages(), context.engine.listContainers()]);
        const present = new Set(images.map((i) => i.Id));
        for (const id of histories.keys()) if (!present.has(id)) histories.delete(id);
        layersLoad.start(context);
        return nodes(context);
      },
      nodes,
      settled: () => layersLoad.settled(),
      reset() {
        layersLoad.reset();
        histories.clear();
        sources = new Map();
        images = [];
        containers = [];
      },
    };
  },
};

/** The Dockerfile each image was built from: the workspace's Dockerfiles, and those the images' labels name. */
async function imageSources(
  images: ImageJson[],
  histories: ReadonlyMap<string, HistoryJson[] | { error: string }>,
  context: ViewContext,
): Promise<Map<string, { file: string; lines: Map<number, number> }>> {
  const files = new Set(await (context.dockerfiles?.() ?? Promise.resolve([])));
  for (const image of images) {
    const label = image.Labels?.[DOCKERFILE_LABEL];
    if (label) files.add(label);
  }
  const dockerfiles: ParsedDockerfile[] = [];
  for (const file of files) {
    const text = await fs.promises.readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) dockerfiles.push({ file, stages: dockerfileStages(text) });
  }
  const sources = new Map<string, { file: string; lines: Map<number, number> }>();
  if (dockerfiles.length === 0) return sources;
  for (const image of images) {
    const history = histories.get(image.Id);
    if (!Array.isArray(history)) continue;
    const source = dockerfileOfImage(history, image.Labels, dockerfiles);
    if (source) sources.set(image.Id, source);
  }
  return sources;
}
