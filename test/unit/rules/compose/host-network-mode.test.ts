import { rule } from '../../../../server/src/rules/compose/host-network-mode';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'services:\n  vllm:\n    image: vllm/vllm-openai:v0.5.4\n    ports:\n      - "127.0.0.1:8000:8000"\n',
    { name: 'other network modes', code: 'services:\n  a:\n    image: x\n    network_mode: bridge\n  b:\n    image: y\n    network_mode: "service:a"\n  c:\n    image: z\n    network_mode: none\n' },
    { name: 'a variable network mode is not known', code: 'services:\n  a:\n    image: x\n    network_mode: ${NET_MODE:-host}\n' },
    { name: 'a top-level network named host is not the host network mode', code: 'services:\n  a:\n    image: x\n    networks: [host]\nnetworks:\n  host:\n    external: true\n' },
    'services:',
    'services:\n  a:',
    'services:\n  a:\n    network_mode:\n',
  ],
  invalid: [
    {
      code: 'services:\n  vllm:\n    image: vllm/vllm-openai:v0.5.4\n    network_mode: host\n',
      errors: [{ messageId: 'host', range: '3:18-3:22' }],
      output: null,
    },
    {
      name: 'quoted',
      code: 'services:\n  triton:\n    image: nvcr.io/nvidia/tritonserver:24.05-py3\n    network_mode: "host"\n',
      errors: [{ messageId: 'host', range: '3:18-3:24' }],
      output: null,
    },
    {
      name: 'inherited through a merge key: reported once, where it is written',
      code: 'x-net: &net\n  network_mode: host\nservices:\n  a:\n    <<: *net\n    image: x\n  b:\n    <<: *net\n    image: y\n',
      errors: [{ messageId: 'host', range: '1:16-1:20' }],
      output: null,
    },
  ],
});
