import { rule } from '../../../../server/src/rules/compose/undefined-config';
import { ruleTester } from '../../ruleTester';

const configs = 'configs:\n  triton-config:\n    file: ./triton/config.pbtxt\n  prometheus:\n    content: |\n      scrape_configs: []\n';

ruleTester(rule, {
  valid: [
    'services:\n  model-server:\n    image: nvcr.io/nvidia/tritonserver:24.05-py3\n    configs: [triton-config]\n' + configs,
    { name: 'long syntax', code: 'services:\n  metrics:\n    configs:\n      - source: prometheus\n        target: /etc/prometheus/prometheus.yml\n' + configs },
    { name: 'interpolated', code: 'services:\n  metrics:\n    configs: ["${CONFIG_NAME}"]\n' },
    { name: 'a config file bind-mounted as a volume is not a config', code: 'services:\n  metrics:\n    volumes: [./prometheus.yml:/etc/prometheus/prometheus.yml:ro]\n' },
    'services:',
    'services:\n  api:',
    'services:\n  api:\n    configs:\n',
  ],
  invalid: [
    {
      name: 'a typo in the long syntax',
      code: 'services:\n  model-server:\n    configs:\n      - source: triton_config\n        target: /models/config.pbtxt\n' + configs,
      errors: [{ messageId: 'typo', range: '3:16-3:29' }],
      output: 'services:\n  model-server:\n    configs:\n      - source: triton-config\n        target: /models/config.pbtxt\n' + configs,
    },
    {
      name: 'declared with a file',
      code: 'services:\n  gateway:\n    configs: [nginx.conf]\n',
      errors: [{ messageId: 'undeclared', range: '2:14-2:24' }],
      output: 'services:\n  gateway:\n    configs: [nginx.conf]\nconfigs:\n  nginx.conf:\n    file: ./configs/nginx.conf\n',
    },
  ],
});
