// The Images view's actions: removing an image after a confirmation that names its tags, size and the containers
// that use it, and the candidates and wording of an image prune (dangling images by default, as `docker image
// prune`; every unused one when asked, as `--all`). No vscode here.
import { imageName, imageTags } from '../../build/history';
import { ActionOutcome, ActionUi, engineFailure, listNames, PruneCandidate, PruneQuestion, summary, tieredChoices, totalSize } from '../actions';
import type { EngineApi } from '../engine';
import { explainRefusal } from '../errors';
import { ContainerJson, containerName, containerUser, formatBytes, ResourceRef } from '../model';

export type ImageRef = Extract<ResourceRef, { type: 'image' }>;

/**
 * Removes an image. The engine refuses to remove one that any container (running or stopped) was created from, so
 * then the dialog says which containers hold it and offers, each behind a confirmation of its own, to remove them
 * first, or to force the removal, which only takes the tags away while a running container uses the image.
 */
export async function removeImage(engine: EngineApi, ref: ImageRef, ui: ActionUi): Promise<ActionOutcome> {
  let users: ContainerJson[];
  try {
    // The users are read again: the tree may be a few seconds old, and the question must be about the present.
    users = (await engine.listContainers()).filter((c) => c.ImageID === ref.id);
  } catch (error) {
    return engineFailure(engine, error);
  }
  const what = describeImage(ref);
  if (users.length === 0) {
    const detail = [
      ref.tags.length > 1 ? `Its ${ref.tags.length} tags go: ${listNames(ref.tags)}.` : undefined,
      'Its layers are deleted unless another image shares them; pull or build it again to get it back.',
    ].filter(Boolean);
    if ((await ui.choose(`Remove image ${what}?`, detail.join(' '), ['Remove Image'])) !== 'Remove Image') return cancelled();
    return removeNow(engine, ref);
  }
  const n = users.length;
  const them = `${n} container${n === 1 ? '' : 's'}`;
  const names = listNames(users.map(containerUser));
  const clear = `Remove ${them} and the Image…`;
  const force = 'Force Remove…';
  const refusal = `${names} ${n === 1 ? 'was' : 'were'} created from it, and the engine refuses to remove an image that a container uses, running or stopped.`;
  const answer = await ui.choose(`Image ${what} is in use`, refusal, [clear, force]);
  if (answer === clear) {
    const detail = `${names} ${n === 1 ? 'is' : 'are'} removed (stopped first if running; files written inside ${n === 1 ? 'it' : 'them'} outside volumes are lost, volumes are kept), then image ${what} is removed.`;
    if ((await ui.choose(`Remove ${names} and image ${what}?`, detail, ['Remove Containers and Image'])) !== 'Remove Containers and Image') return cancelled();
    const done: string[] = [];
    try {
      for (const container of users) {
        await engine.removeContainer(container.Id, { volumes: false });
        done.push(containerName(container));
      }
    } catch (error) {
      const did = done.length > 0 ? ` Removed so far: ${listNames(done)}.` : '';
      return { ok: false, message: `${engineFailure(engine, error).message}${did} Image ${what} was not removed.` };
    }
    const outcome = await removeNow(engine, ref);
    return { ...outcome, message: outcome.ok ? `Removed ${listNames(done)}; ${outcome.message.charAt(0).toLowerCase()}${outcome.message.slice(1)}` : outcome.message };
  }
  if (answer === force) {
    const running = users.filter((c) => c.State === 'running' || c.State === 'paused' || c.State === 'restarting');
    const detail = [
      `${names} keep${n === 1 ? 's' : ''} ${n === 1 ? 'its' : 'their'} files and go on as they are, on an image without a name.`,
      running.length > 0
        ? `Because ${listNames(running.map(containerName))} ${running.length === 1 ? 'runs' : 'run'} it, the engine only takes the tags away; the layers stay until those containers are removed.`
        : 'The layers are deleted unless another image shares them; those containers then cannot be started again from a fresh copy of the image.',
    ].join(' ');
    if ((await ui.choose(`Force-remove image ${what} though ${them} use${n === 1 ? 's' : ''} it?`, detail, ['Force Remove Image'])) !== 'Force Remove Image') return cancelled();
    return removeNow(engine, ref, true);
  }
  return cancelled();
}

const cancelled = (): ActionOutcome => ({ ok: false, cancelled: true, message: 'Nothing was removed.' });

/** "“trainer:latest” (4.2 GB)", or "<none> 1f2e3d4c5b6a (4.2 GB)" for a dangling image. */
function describeImage(ref: ImageRef): string {
  const name = ref.tags.length > 0 ? `“${ref.tags[0]}”` : `<none> ${ref.id.replace(/^sha256:/, '').slice(0, 12)}`;
  return `${name}${ref.size !== undefined ? ` (${formatBytes(ref.size)})` : ''}`;
}

/** Removes every tag (the last one deletes the image), or the image by ID when it has none; says what the engine did. */
async function removeNow(engine: EngineApi, ref: ImageRef, force = false): Promise<ActionOutcome> {
  const what = describeImage(ref);
  let deleted = 0;
  try {
    // Removing by ID fails without force when several tags name the image; one tag at a time needs none.
    for (const name of ref.tags.length > 0 ? ref.tags : [ref.id]) {
      deleted += (await engine.removeImage(name, { force })).filter((r) => r.Deleted).length;
    }
  } catch (error) {
    return { ok: false, message: explainRefusal(error, { action: 'remove', type: 'image', name: ref.name, users: [] }) };
  }
  const layers = deleted > 0 ? ` (${deleted} layer${deleted === 1 ? '' : 's'} deleted)` : '; its layers stay, as another image or a container still uses them';
  return { ok: true, message: `Removed image ${what}${layers}.` };
}

/** The images no container (running or stopped) was created from, dangling or not. */
export async function imagePruneCandidates(engine: EngineApi): Promise<PruneCandidate[]> {
  const [images, containers] = await Promise.all([engine.listImages(), engine.listContainers()]);
  const used = new Set(containers.map((c) => c.ImageID));
  return images
    .filter((i) => !used.has(i.Id))
    .map((i) => ({ id: i.Id, name: imageName(i), size: i.Size, dangling: imageTags(i).length === 0, tags: imageTags(i) }))
    .sort((a, b) => Number(b.dangling) - Number(a.dangling) || a.name.localeCompare(b.name));
}

/** Removes one pruned image: each of its tags in turn, or its ID when it has none. */
export async function removePrunedImage(engine: EngineApi, candidate: PruneCandidate): Promise<void> {
  for (const name of candidate.tags && candidate.tags.length > 0 ? candidate.tags : [candidate.id]) await engine.removeImage(name);
}

export function imagePruneQuestion(candidates: PruneCandidate[]): PruneQuestion {
  const dangling = candidates.filter((c) => c.dangling);
  const tagged = candidates.filter((c) => !c.dangling);
  const size = (list: PruneCandidate[]) => totalSize(list, ', less what they share with other images');
  const count = (list: PruneCandidate[], kind: string) => `${list.length} ${kind}image${list.length === 1 ? '' : 's'}`;
  const parts: string[] = [];
  if (dangling.length > 0) parts.push(`These ${count(dangling, 'dangling ')} (no tag names them) will be removed:\n${summary(dangling)}`);
  if (tagged.length > 0) {
    parts.push(
      `${count(tagged, 'tagged ')}${size(tagged)} ${tagged.length === 1 ? 'is' : 'are'} unused too. ${
        dangling.length > 0
          ? 'They are kept, as `docker image prune` keeps them, unless you choose “Remove All Unused Images”'
          : 'Choose “Remove All Unused Images” to remove them, as `docker image prune --all` does'
      }:\n${summary(tagged)}`,
    );
  }
  parts.push('No container uses these images; pull or build them again to get them back.');
  const choices = tieredChoices('Remove Dangling Images', dangling, 'Remove All Unused Images', candidates);
  return {
    message:
      dangling.length > 0
        ? `Remove ${count(dangling, 'dangling ')}${size(dangling)}?`
        : `No image is dangling. Remove ${count(tagged, 'unused tagged ')}${size(tagged)}?`,
    detail: parts.join('\n\n'),
    choices,
  };
}
