// The registry of rules: one line per rule. A test checks that every rule file is listed here and
// that every listed rule has a docs page and a table test.
import type { Rule } from './types';
import { rule as buildNotFound } from './compose/build-not-found';
import { rule as buildTargetUnknown } from './compose/build-target-unknown';
import { rule as composeSchema } from './compose/compose-schema';
import { rule as composeSyntax } from './compose/compose-syntax';
import { rule as databasePortPublished } from './compose/database-port-published';
import { rule as datasetMountWritable } from './compose/dataset-mount-writable';
import { rule as dependsOnUnknownService } from './compose/depends-on-unknown-service';
import { rule as gpuCountWithDeviceIds } from './compose/gpu-count-with-device-ids';
import { rule as gpuDevicesInLimits } from './compose/gpu-devices-in-limits';
import { rule as gpuInvalidCount } from './compose/gpu-invalid-count';
import { rule as gpuLegacyRuntime } from './compose/gpu-legacy-runtime';
import { rule as gpuMissingCapabilities } from './compose/gpu-missing-capabilities';
import { rule as gpuServiceWithoutCudaImage } from './compose/gpu-service-without-cuda-image';
import { rule as gpuTrainingShmSize } from './compose/gpu-training-shm-size';
import { rule as hostNetworkMode } from './compose/host-network-mode';
import { rule as obsoleteVersion } from './compose/obsolete-version';
import { rule as secretInEnvironment } from './compose/secret-in-environment';
import { rule as undefinedConfig } from './compose/undefined-config';
import { rule as undefinedNetwork } from './compose/undefined-network';
import { rule as undefinedSecret } from './compose/undefined-secret';
import { rule as undefinedVolume } from './compose/undefined-volume';
import { rule as unpinnedImage } from './compose/unpinned-image';
import { rule as unusedNetwork } from './compose/unused-network';
import { rule as unusedVolume } from './compose/unused-volume';
import { rule as addInsteadOfCopy } from './dockerfile/add-instead-of-copy';
import { rule as aptListsNotCleaned } from './dockerfile/apt-lists-not-cleaned';
import { rule as aptNoInstallRecommends } from './dockerfile/apt-no-install-recommends';
import { rule as aptUpdateAlone } from './dockerfile/apt-update-alone';
import { rule as buildToolsInFinalStage } from './dockerfile/build-tools-in-final-stage';
import { rule as condaPipMix } from './dockerfile/conda-pip-mix';
import { rule as consecutiveRun } from './dockerfile/consecutive-run';
import { rule as copyAllBeforeInstall } from './dockerfile/copy-all-before-install';
import { rule as copyFromSelf } from './dockerfile/copy-from-self';
import { rule as copyFromUnknownStage } from './dockerfile/copy-from-unknown-stage';
import { rule as cudaDevelInFinalStage } from './dockerfile/cuda-devel-in-final-stage';
import { rule as cudaWheelMismatch } from './dockerfile/cuda-wheel-mismatch';
import { rule as duplicateStageName } from './dockerfile/duplicate-stage-name';
import { rule as largeBuildContext } from './dockerfile/large-build-context';
import { rule as missingDockerignore } from './dockerfile/missing-dockerignore';
import { rule as missingFrom } from './dockerfile/missing-from';
import { rule as missingHealthcheck } from './dockerfile/missing-healthcheck';
import { rule as missingNonRootUser } from './dockerfile/missing-non-root-user';
import { rule as modelWeightsInImage } from './dockerfile/model-weights-in-image';
import { rule as pipNoCacheDir } from './dockerfile/pip-no-cache-dir';
import { rule as preferSlimBase } from './dockerfile/prefer-slim-base';
import { rule as secretInEnvOrArg } from './dockerfile/secret-in-env-or-arg';
import { rule as shellFormCmd } from './dockerfile/shell-form-cmd';
import { rule as torchCpuWheelOnCudaBase } from './dockerfile/torch-cpu-wheel-on-cuda-base';
import { rule as torchCudaWheelOnCpuBase } from './dockerfile/torch-cuda-wheel-on-cpu-base';
import { rule as unpinnedBaseImage } from './dockerfile/unpinned-base-image';
import { rule as unusedStage } from './dockerfile/unused-stage';

export const rules: readonly Rule[] = [
  addInsteadOfCopy,
  aptListsNotCleaned,
  aptNoInstallRecommends,
  aptUpdateAlone,
  buildToolsInFinalStage,
  condaPipMix,
  consecutiveRun,
  copyAllBeforeInstall,
  copyFromSelf,
  copyFromUnknownStage,
  cudaDevelInFinalStage,
  cudaWheelMismatch,
  duplicateStageName,
  largeBuildContext,
  missingDockerignore,
  missingFrom,
  missingHealthcheck,
  missingNonRootUser,
  modelWeightsInImage,
  pipNoCacheDir,
  preferSlimBase,
  secretInEnvOrArg,
  shellFormCmd,
  torchCpuWheelOnCudaBase,
  torchCudaWheelOnCpuBase,
  unpinnedBaseImage,
  unusedStage,
  buildNotFound,
  buildTargetUnknown,
  composeSchema,
  composeSyntax,
  databasePortPublished,
  datasetMountWritable,
  dependsOnUnknownService,
  gpuCountWithDeviceIds,
  gpuDevicesInLimits,
  gpuInvalidCount,
  gpuLegacyRuntime,
  gpuMissingCapabilities,
  gpuServiceWithoutCudaImage,
  gpuTrainingShmSize,
  hostNetworkMode,
  obsoleteVersion,
  secretInEnvironment,
  undefinedConfig,
  undefinedNetwork,
  undefinedSecret,
  undefinedVolume,
  unpinnedImage,
  unusedNetwork,
  unusedVolume,
];

export const ruleIds: ReadonlySet<string> = new Set(rules.map((r) => r.id));

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.id === id);
}
