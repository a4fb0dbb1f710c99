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
import { rule as inferenceMultiGpuShmSize } from './compose/inference-multi-gpu-shm-size';
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
import { rule as apkNoCache } from './dockerfile/apk-no-cache';
import { rule as aptListsNotCleaned } from './dockerfile/apt-lists-not-cleaned';
import { rule as aptNoInstallRecommends } from './dockerfile/apt-no-install-recommends';
import { rule as aptUpdateAlone } from './dockerfile/apt-update-alone';
import { rule as buildToolsInFinalStage } from './dockerfile/build-tools-in-final-stage';
import { rule as condaCacheNotCleaned } from './dockerfile/conda-cache-not-cleaned';
import { rule as condaPipMix } from './dockerfile/conda-pip-mix';
import { rule as consecutiveRun } from './dockerfile/consecutive-run';
import { rule as consistentInstructionCasing } from './dockerfile/consistent-instruction-casing';
import { rule as copyAllBeforeInstall } from './dockerfile/copy-all-before-install';
import { rule as copyFromSelf } from './dockerfile/copy-from-self';
import { rule as copyFromUnknownStage } from './dockerfile/copy-from-unknown-stage';
import { rule as copyIgnoredFile } from './dockerfile/copy-ignored-file';
import { rule as cudaDevelInFinalStage } from './dockerfile/cuda-devel-in-final-stage';
import { rule as cudaWheelMismatch } from './dockerfile/cuda-wheel-mismatch';
import { rule as deletedInLaterLayer } from './dockerfile/deleted-in-later-layer';
import { rule as dnfCacheNotCleaned } from './dockerfile/dnf-cache-not-cleaned';
import { rule as duplicateStageName } from './dockerfile/duplicate-stage-name';
import { rule as exposeInvalidFormat } from './dockerfile/expose-invalid-format';
import { rule as exposeProtoCasing } from './dockerfile/expose-proto-casing';
import { rule as fromAsCasing } from './dockerfile/from-as-casing';
import { rule as fromPlatformFlagConstDisallowed } from './dockerfile/from-platform-flag-const-disallowed';
import { rule as instructionBeforeFrom } from './dockerfile/instruction-before-from';
import { rule as invalidDefaultArgInFrom } from './dockerfile/invalid-default-arg-in-from';
import { rule as invalidDefinitionDescription } from './dockerfile/invalid-definition-description';
import { rule as invalidExpose } from './dockerfile/invalid-expose';
import { rule as invalidHeredoc } from './dockerfile/invalid-heredoc';
import { rule as invalidParserDirective } from './dockerfile/invalid-parser-directive';
import { rule as largeBuildContext } from './dockerfile/large-build-context';
import { rule as legacyKeyValueFormat } from './dockerfile/legacy-key-value-format';
import { rule as maintainerDeprecated } from './dockerfile/maintainer-deprecated';
import { rule as malformedJsonForm } from './dockerfile/malformed-json-form';
import { rule as missingArguments } from './dockerfile/missing-arguments';
import { rule as missingDockerignore } from './dockerfile/missing-dockerignore';
import { rule as missingFrom } from './dockerfile/missing-from';
import { rule as missingHealthcheck } from './dockerfile/missing-healthcheck';
import { rule as missingNonRootUser } from './dockerfile/missing-non-root-user';
import { rule as modelWeightsInImage } from './dockerfile/model-weights-in-image';
import { rule as multipleInstructionsDisallowed } from './dockerfile/multiple-instructions-disallowed';
import { rule as noEmptyContinuation } from './dockerfile/no-empty-continuation';
import { rule as pipNoCacheDir } from './dockerfile/pip-no-cache-dir';
import { rule as poetryCacheLeft } from './dockerfile/poetry-cache-left';
import { rule as preferSlimBase } from './dockerfile/prefer-slim-base';
import { rule as recursiveChownAfterCopy } from './dockerfile/recursive-chown-after-copy';
import { rule as redundantTargetPlatform } from './dockerfile/redundant-target-platform';
import { rule as reservedStageName } from './dockerfile/reserved-stage-name';
import { rule as secretArgInRun } from './dockerfile/secret-arg-in-run';
import { rule as secretInEnvOrArg } from './dockerfile/secret-in-env-or-arg';
import { rule as shellFormCmd } from './dockerfile/shell-form-cmd';
import { rule as stageNameCasing } from './dockerfile/stage-name-casing';
import { rule as torchCpuWheelOnCudaBase } from './dockerfile/torch-cpu-wheel-on-cuda-base';
import { rule as torchCudaOnCudaRuntime } from './dockerfile/torch-cuda-on-cuda-runtime';
import { rule as torchCudaWheelOnCpuBase } from './dockerfile/torch-cuda-wheel-on-cpu-base';
import { rule as torchReinstalledOverBase } from './dockerfile/torch-reinstalled-over-base';
import { rule as undefinedArgInFrom } from './dockerfile/undefined-arg-in-from';
import { rule as undefinedVar } from './dockerfile/undefined-var';
import { rule as unknownFlag } from './dockerfile/unknown-flag';
import { rule as unknownInstruction } from './dockerfile/unknown-instruction';
import { rule as unpinnedBaseImage } from './dockerfile/unpinned-base-image';
import { rule as unpinnedBuildSource } from './dockerfile/unpinned-build-source';
import { rule as unusedStage } from './dockerfile/unused-stage';
import { rule as uvNoCache } from './dockerfile/uv-no-cache';
import { rule as workdirRelativePath } from './dockerfile/workdir-relative-path';

export const rules: readonly Rule[] = [
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
  inferenceMultiGpuShmSize,
  obsoleteVersion,
  secretInEnvironment,
  undefinedConfig,
  undefinedNetwork,
  undefinedSecret,
  undefinedVolume,
  unpinnedImage,
  unusedNetwork,
  unusedVolume,
  addInsteadOfCopy,
  apkNoCache,
  aptListsNotCleaned,
  aptNoInstallRecommends,
  aptUpdateAlone,
  buildToolsInFinalStage,
  condaCacheNotCleaned,
  condaPipMix,
  consecutiveRun,
  consistentInstructionCasing,
  copyAllBeforeInstall,
  copyFromSelf,
  copyFromUnknownStage,
  copyIgnoredFile,
  cudaDevelInFinalStage,
  cudaWheelMismatch,
  deletedInLaterLayer,
  dnfCacheNotCleaned,
  duplicateStageName,
  exposeInvalidFormat,
  exposeProtoCasing,
  fromAsCasing,
  fromPlatformFlagConstDisallowed,
  instructionBeforeFrom,
  invalidDefaultArgInFrom,
  invalidDefinitionDescription,
  invalidExpose,
  invalidHeredoc,
  invalidParserDirective,
  largeBuildContext,
  legacyKeyValueFormat,
  maintainerDeprecated,
  malformedJsonForm,
  missingArguments,
  missingDockerignore,
  missingFrom,
  missingHealthcheck,
  missingNonRootUser,
  modelWeightsInImage,
  multipleInstructionsDisallowed,
  noEmptyContinuation,
  pipNoCacheDir,
  poetryCacheLeft,
  preferSlimBase,
  recursiveChownAfterCopy,
  redundantTargetPlatform,
  reservedStageName,
  secretArgInRun,
  secretInEnvOrArg,
  shellFormCmd,
  stageNameCasing,
  torchCpuWheelOnCudaBase,
  torchCudaOnCudaRuntime,
  torchCudaWheelOnCpuBase,
  torchReinstalledOverBase,
  undefinedArgInFrom,
  undefinedVar,
  unknownFlag,
  unknownInstruction,
  unpinnedBaseImage,
  unpinnedBuildSource,
  unusedStage,
  uvNoCache,
  workdirRelativePath,
];

export const ruleIds: ReadonlySet<string> = new Set(rules.map((r) => r.id));

/** Docker's own checks: the validity rules and BuildKit's build checks, which the `dockerChecks` switch turns off. */
export function isDockerCheck(rule: Rule): boolean {
  return rule.validity === true || (rule.aliases?.buildkit?.length ?? 0) > 0;
}

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.id === id);
}
