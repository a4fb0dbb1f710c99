// BuildKit's FromPlatformFlagConstDisallowed: `FROM --platform=linux/amd64` pins a stage to one platform for every build.
import type { DockerfileRule } from '../types';

export const rule: DockerfileRule = {
  id: 'from-platform-flag-const-disallowed',
  kind: 'dockerfile',
  severity: 'warning',
  aliases: { buildkit: ['FromPlatformFlagConstDisallowed'] },
  fixable: false,
  docs: {
    summary: '`FROM --platform=` with a constant value, in a stage whose name does not say it is platform-specific.',
    rationale:
      'A constant platform makes the stage build for that platform whatever `docker build --platform` asks for: an ' +
      'arm64 build of the image silently gets an amd64 stage (run under emulation, or failing at start). Use ' +
      '`$BUILDPLATFORM` or `$TARGETPLATFORM`, or name the stage after its platform (`AS build-amd64`) when it is meant.',
    bad: 'FROM --platform=linux/amd64 nvidia/cuda:12.4.1-runtime-ubuntu22.04',
    good: 'FROM --platform=$BUILDPLATFORM nvidia/cuda:12.4.1-runtime-ubuntu22.04',
  },
  messages: {
    constant: 'FROM --platform flag should not use constant value "{value}".',
  },
  check(ctx) {
    for (const stage of ctx.model.stages) {
      const flag = stage.from.flag('platform');
      const value = flag?.getValue();
      const range = flag?.getValueRange();
      if (!value || !range || value.includes('$')) continue;
      // A stage named after the platform (`AS build_amd64`, `AS linux`) is platform-specific on purpose.
      const name = stage.name ?? '';
      if (name && value.toLowerCase().split(/[/,]/).some((part) => part !== '' && name.includes(part))) continue;
      ctx.report({ messageId: 'constant', data: { value }, range });
    }
  },
};
