// Removing networks and volumes, and pruning them and images: what the engine will really do, checked on it, said in a
// confirmation that names what goes, and the engine calls after the user agreed. No vscode here.
import { ActionOutcome, ActionUi, engineFailure, fullList, listNames, PruneCandidate, SHOW_ALL } from './actions';
import type { EngineApi } from './engine';
import { explainRefusal } from './errors';
import { ContainerJson, containerName, containersMountingVolume, containersOnNetwork, containerUser, isBuiltinNetwork, PROJECT_LABEL, ResourceRef } from './model';
import { isSwarmSystemNetwork, networkPruneQuestion, networkQuestion } from './networks/actions';
import { isAnonymousVolume, volumePruneQuestion, volumeQuestion } from './volumes/actions';
import { imagePruneCandidates, imagePruneQuestion, removePrunedImage } from './images/actions';

/**
 * Removes one network or volume after a confirmation that says what will really happen. What the engine does
 * was checked on it: a volume that any container mounts, running or stopped, is refused; a network with
 * running containers is refused, but one whose containers are all stopped is removed, and those containers
 * then fail to start. So a removal the engine would refuse is explained and, instead of a button that would
 * fail, the dialog offers to clear the way first (stop the network's containers, or remove the volume's),
 * which has a confirmation of its own naming every container it touches.
 */
export async function removeResource(engine: EngineApi, ref: ResourceRef, ui: ActionUi): Promise<ActionOutcome> {
  if (ref.type !== 'network' && ref.type !== 'volume') return { ok: false, message: `Remove a ${ref.type} from its own view.` };
  if (ref.type === 'network' && (ref.builtin || isBuiltinNetwork({ Name: ref.name }))) {
    return { ok: false, message: `“${ref.name}” is a built-in network; the engine needs it and never removes it.` };
  }
  let users: ContainerJson[];
  let ingress = false;
  try {
    // The users are read again: the tree may be a few seconds old, and the question must be about the present.
    const containers = await engine.listContainers();
    if (ref.type === 'network') {
      users = containersOnNetwork({ Id: ref.id, Name: ref.name }, containers).map((a) => a.container);
      ingress = (await engine.listNetworks()).some((n) => n.Id === ref.id && n.Ingress === true);
    } else {
      users = containersMountingVolume({ Name: ref.name }, containers).map((m) => m.container);
    }
  } catch (error) {
    return engineFailure(engine, error);
  }
  const named = users.map(containerUser);
  const question = ref.type === 'network' ? networkQuestion(ref.name, users, ingress) : volumeQuestion(ref, users);
  if ('refusal' in question) return clearTheWay(engine, ref, question, ui);
  const label = ref.type === 'network' ? 'Remove Network' : 'Delete Volume';
  if ((await ui.choose(question.message, question.detail, [label])) !== label) return { ok: false, cancelled: true, message: 'Nothing was removed.' };
  return removeNow(engine, ref, named);
}

async function removeNow(engine: EngineApi, ref: Extract<ResourceRef, { type: 'network' | 'volume' }>, users: string[]): Promise<ActionOutcome> {
  try {
    if (ref.type === 'network') await engine.removeNetwork(ref.id);
    else await engine.removeVolume(ref.name);
    return { ok: true, message: `Removed ${ref.type} “${ref.name}”.` };
  } catch (error) {
    return { ok: false, message: explainRefusal(error, { action: 'remove', type: ref.type, name: ref.name, users }) };
  }
}

/**
 * A removal the engine would refuse: says why, and offers to stop (network) or remove (volume) the containers
 * in the way; that offer asks again, naming each container and what happens to it, before anything is touched.
 */
async function clearTheWay(
  engine: EngineApi,
  ref: Extract<ResourceRef, { type: 'network' | 'volume' }>,
  question: { refusal: string; blockers: ContainerJson[] },
  ui: ActionUi,
): Promise<ActionOutcome> {
  const n = question.blockers.length;
  const them = `${n} container${n === 1 ? '' : 's'}`;
  const names = listNames(question.blockers.map(containerUser));
  const offer = ref.type === 'network' ? `Stop ${them} and Remove…` : `Remove ${them} and Delete…`;
  const title = ref.type === 'network' ? `Network “${ref.name}” is in use` : `Volume “${ref.name}” is in use`;
  if ((await ui.choose(title, question.refusal, [offer])) !== offer) return { ok: false, cancelled: true, message: 'Nothing was removed.' };
  const confirm = ref.type === 'network' ? 'Stop and Remove Network' : 'Remove Containers and Delete Volume';
  const detail =
    ref.type === 'network'
      ? `${names} ${n === 1 ? 'is' : 'are'} stopped (their processes end; they can be started again once connected to another network), then network “${ref.name}” is removed.`
      : `${names} ${n === 1 ? 'is' : 'are'} removed (stopped first if running; files written inside ${n === 1 ? 'it' : 'them'} outside volumes are lost, other volumes are kept), then volume “${ref.name}” and all its data are deleted for good.`;
  const message = ref.type === 'network' ? `Stop ${names} and remove network “${ref.name}”?` : `Remove ${names} and delete volume “${ref.name}”?`;
  if ((await ui.choose(message, detail, [confirm])) !== confirm) return { ok: false, cancelled: true, message: 'Nothing was removed.' };
  const done: string[] = [];
  try {
    for (const container of question.blockers) {
      if (ref.type === 'network') await engine.stopContainer(container.Id);
      else await engine.removeContainer(container.Id, { volumes: false });
      done.push(containerName(container));
    }
  } catch (error) {
    const did = done.length > 0 ? ` ${ref.type === 'network' ? 'Stopped' : 'Removed'} so far: ${listNames(done)}.` : '';
    return { ok: false, message: `${engineFailure(engine, error).message}${did} ${ref.type === 'network' ? 'Network' : 'Volume'} “${ref.name}” was not removed.` };
  }
  const outcome = await removeNow(engine, ref, []);
  const verb = ref.type === 'network' ? 'Stopped' : 'Removed';
  return { ...outcome, message: outcome.ok ? `${verb} ${listNames(done)}; ${outcome.message.charAt(0).toLowerCase()}${outcome.message.slice(1)}` : outcome.message };
}

/** What a prune can remove. */
export type PrunedType = 'network' | 'volume' | 'image';

/**
 * The networks, volumes or images no container (running or stopped) uses. Built-in networks and the swarm's
 * routing-mesh network (`ingress`, which `docker network prune` keeps too) are never candidates.
 */
export async function pruneCandidates(engine: EngineApi, type: PrunedType): Promise<PruneCandidate[]> {
  if (type === 'image') return imagePruneCandidates(engine);
  const containers = await engine.listContainers();
  if (type === 'network') {
    const networks = await engine.listNetworks();
    return networks
      .filter((n) => !isBuiltinNetwork(n) && !isSwarmSystemNetwork(n) && containersOnNetwork(n, containers).length === 0)
      .map((n) => ({ id: n.Id, name: n.Name }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
  const volumes = await engine.listVolumes();
  const unused = volumes.filter((v) => containersMountingVolume(v, containers).length === 0);
  // Sizes make the question concrete; a slow or failed df must not block the prune, so they are optional.
  const sizes = await engine.volumeUsage().catch(() => new Map<string, { size: number }>());
  return unused
    .map((v) => {
      const size = sizes.get(v.Name)?.size;
      return {
        id: v.Name,
        name: v.Name,
        size: size !== undefined && size >= 0 ? size : undefined,
        named: !isAnonymousVolume(v),
        project: v.Labels?.[PROJECT_LABEL],
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Lists what a prune would remove, asks, and removes exactly those objects one by one, with cancellable
 * progress. The engine's own prune endpoints are not used: they would also take whatever became unused after
 * the list was shown. Volumes with a name of their own (Compose projects' among them) are kept unless the
 * user chooses to delete them too, as `docker volume prune` keeps them unless given `--all`.
 */
export async function prune(engine: EngineApi, type: PrunedType, ui: ActionUi): Promise<ActionOutcome & { removed: string[] }> {
  let candidates: PruneCandidate[];
  try {
    candidates = await pruneCandidates(engine, type);
  } catch (error) {
    return { ...engineFailure(engine, error), removed: [] };
  }
  const plural = `${type}s`;
  if (candidates.length === 0) return { ok: true, message: `No unused ${plural}: nothing to prune.`, removed: [] };
  const question = type === 'network' ? networkPruneQuestion(candidates) : type === 'volume' ? volumePruneQuestion(candidates) : imagePruneQuestion(candidates);
  let answer = await ui.choose(question.message, question.detail, [...question.choices.keys(), SHOW_ALL]);
  while (answer === SHOW_ALL) {
    await ui.showText(`Unused ${plural}`, fullList(candidates, type));
    answer = await ui.choose(question.message, question.detail, [...question.choices.keys()], false);
  }
  const chosen = answer === undefined ? undefined : question.choices.get(answer);
  if (!chosen) return { ok: false, cancelled: true, message: 'Nothing was pruned.', removed: [] };

  const removed: string[] = [];
  const failures: string[] = [];
  const stopped = await ui.withProgress(`${type === 'volume' ? 'Deleting' : 'Removing'} ${chosen.length} unused ${chosen.length === 1 ? type : plural}`, async (progress) => {
    for (const [index, candidate] of chosen.entries()) {
      if (progress.cancelled) return true;
      progress.report(index, chosen.length, candidate.name);
      try {
        if (type === 'network') await engine.removeNetwork(candidate.id);
        else if (type === 'volume') await engine.removeVolume(candidate.id);
        else await removePrunedImage(engine, candidate);
        removed.push(candidate.name);
      } catch (error) {
        failures.push(explainRefusal(error, { action: 'remove', type, name: candidate.name, users: [] }));
      }
    }
    return false;
  });
  const what = (n: number) => `${n} ${n === 1 ? type : plural}`;
  const done =
    removed.length > 0 ? `Removed ${what(removed.length)}: ${listNames(removed)}.` : `Removed no ${plural}.`;
  const rest = stopped ? ` Stopped as asked; ${what(chosen.length - removed.length - failures.length)} left in place.` : '';
  return { ok: failures.length === 0, message: [done + rest, ...failures].join(' '), removed };
}

/** The engine's full JSON for a network, volume, container or image, pretty-printed for a read-only editor. */
export async function inspectJson(engine: EngineApi, ref: ResourceRef): Promise<string> {
  const body =
    ref.type === 'network'
      ? await engine.inspectNetwork(ref.id)
      : ref.type === 'volume'
        ? await engine.inspectVolume(ref.name)
        : ref.type === 'container'
          ? await engine.inspectContainer(ref.id)
          : ref.type === 'image'
            ? await engine.inspectImage(ref.id)
            : undefined;
  return `${JSON.stringify(body, null, 2)}\n`;
}

