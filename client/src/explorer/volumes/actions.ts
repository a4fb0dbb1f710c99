// The Volumes view's actions: checks of a new volume's name, which volumes are anonymous, and the wording of a
// volume's deletion and prune confirmations.
import { ActionOutcome, engineFailure, listNames, NAME, PruneCandidate, PruneQuestion, summary, tieredChoices, totalSize } from '../actions';
import type { EngineApi, VolumeSpec } from '../engine';
import { explainRefusal } from '../errors';
import { ContainerJson, containerUser, formatBytes, PROJECT_LABEL, ResourceRef, VolumeJson } from '../model';

/** Returns why a volume name is unusable, or undefined; the local driver wants at least two characters. */
export function validateVolumeName(name: string, existing: string[] = []): string | undefined {
  if (!name) return 'Enter a name.';
  if (!NAME.test(name) || name.length < 2) return 'Use at least two letters, digits, "_", "." or "-", starting with a letter or digit.';
  if (existing.includes(name)) return `A volume named “${name}” already exists.`;
  return undefined;
}


export async function createVolume(engine: EngineApi, spec: VolumeSpec): Promise<ActionOutcome> {
  const volumes = await engine.listVolumes().catch((error: unknown) => engineFailure(engine, error));
  if (!Array.isArray(volumes)) return volumes;
  const problem = validateVolumeName(spec.name, volumes.map((v) => v.Name));
  if (problem) return { ok: false, message: problem };
  try {
    await engine.createVolume(spec);
    return { ok: true, message: `Created volume “${spec.name}”.` };
  } catch (error) {
    return { ok: false, message: explainRefusal(error, { action: 'create', type: 'volume', name: spec.name, users: [] }) };
  }
}

export function volumeQuestion(ref: Extract<ResourceRef, { type: 'volume' }>, users: ContainerJson[]): { message: string; detail: string } | { refusal: string; blockers: ContainerJson[] } {
  if (users.length > 0) {
    return {
      refusal: `Volume “${ref.name}” cannot be deleted while ${listNames(users.map(containerUser))} ${users.length === 1 ? 'mounts' : 'mount'} it: the engine refuses to delete a volume that any container holds, running or stopped. Remove ${users.length === 1 ? 'that container' : 'those containers'} first. Nothing was deleted.`,
      blockers: users,
    };
  }
  return {
    message: `Delete volume “${ref.name}” and all its data${ref.size !== undefined ? ` (${formatBytes(ref.size)})` : ''}?`,
    detail: 'Every file in the volume is permanently deleted; this cannot be undone.',
  };
}

/** The label Docker 23 and newer put on anonymous volumes; older engines give them a 64-hex-digit name. */
const ANONYMOUS_LABEL = 'com.docker.volume.anonymous';

/** Whether a volume is anonymous (made for a container's VOLUME or `-v /path`), which a default prune removes. */
export function isAnonymousVolume(volume: VolumeJson): boolean {
  const labels = volume.Labels ?? {};
  if (ANONYMOUS_LABEL in labels) return true;
  return /^[0-9a-f]{64}$/.test(volume.Name) && !(PROJECT_LABEL in labels);
}

export function volumePruneQuestion(candidates: PruneCandidate[]): PruneQuestion {
  const anonymous = candidates.filter((c) => !c.named);
  const named = candidates.filter((c) => c.named);
  const count = (list: PruneCandidate[], kind: string) => `${list.length} ${kind} volume${list.length === 1 ? '' : 's'}`;
  const parts: string[] = [];
  if (anonymous.length > 0) parts.push(`These ${count(anonymous, 'anonymous')} will be deleted:\n${summary(anonymous)}`);
  if (named.length > 0) {
    const projects = [...new Set(named.map((c) => c.project).filter((p): p is string => !!p))].sort();
    const fromCompose = projects.length > 0 ? `, ${named.filter((c) => c.project).length} of them from Compose projects (${listNames(projects)})` : '';
    parts.push(
      `${count(named, 'named')}${totalSize(named)} ${named.length === 1 ? 'is' : 'are'} unused too${fromCompose}. ${
        anonymous.length > 0 ? 'They are kept, as `docker volume prune` keeps them, unless you choose “Delete All Unused Volumes”' : 'Choose “Delete All Unused Volumes” to delete them, as `docker volume prune --all` does'
      }:\n${summary(named)}`,
    );
  }
  parts.push('Volume data cannot be recovered.');
  const choices = tieredChoices('Delete Anonymous Volumes', anonymous, 'Delete All Unused Volumes', candidates);
  return {
    message:
      anonymous.length > 0
        ? `Delete ${count(anonymous, 'unused anonymous')} and their data${totalSize(anonymous)}?`
        : `No anonymous volumes are unused. Delete ${count(named, 'unused named')} and their data${totalSize(named)}?`,
    detail: parts.join('\n\n'),
    choices,
  };
}

