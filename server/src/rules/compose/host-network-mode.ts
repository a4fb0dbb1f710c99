// `network_mode: host` drops the container's network isolation, silently ignores `ports:`, and means
// something else on Docker Desktop, where the "host" is a VM and not the machine the user sits at.
import type { ComposeRule } from '../types';

export const rule: ComposeRule = {
  id: 'host-network-mode',
  kind: 'compose',
  severity: 'warning',
  fixable: false,
  docs: {
    summary: 'A service that shares the host\'s network stack with `network_mode: host`.',
    rationale:
      'With `network_mode: host` every port the process opens is open on the host, Compose ignores the service\'s `ports:`, ' +
      'and the service can no longer be reached by name on the Compose network. On Docker Desktop (macOS, Windows) the ' +
      'host is the Docker VM, so the stack behaves differently from Linux. Model servers rarely need it: publish the ' +
      'ports they serve on instead. There is no mechanical fix, as the right `ports:` depend on what the service listens on.',
    bad: 'services:\n  vllm:\n    image: vllm/vllm-openai:v0.5.4\n    network_mode: host\n',
    good: 'services:\n  vllm:\n    image: vllm/vllm-openai:v0.5.4\n    ports:\n      - "127.0.0.1:8000:8000"\n',
  },
  messages: {
    host: '`network_mode: host` removes network isolation, ignores `ports:` and behaves differently on Docker Desktop; publish the ports the service needs instead.',
  },
  check(ctx) {
    const model = ctx.model;
    const reported = new Set<string>();
    for (const service of model.services) {
      const value = model.get(service, 'network_mode');
      if (model.getText(service, 'network_mode') !== 'host' || !value) continue;
      // A value inherited through `<<` is reported once, where it is written.
      const range = model.rangeOf(value)!;
      const key = JSON.stringify(range);
      if (reported.has(key)) continue;
      reported.add(key);
      ctx.report({ messageId: 'host', range });
    }
  },
};
