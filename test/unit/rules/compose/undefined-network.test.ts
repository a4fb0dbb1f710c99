import { rule } from '../../../../server/src/rules/compose/undefined-network';
import { ruleTester } from '../../ruleTester';

const networks = 'networks:\n  public:\n  data:\n    internal: true\n';

ruleTester(rule, {
  valid: [
    'services:\n  api:\n    image: ghcr.io/acme/api:1.4.0\n    networks: [public, data]\n' + networks,
    { name: 'map syntax', code: 'services:\n  api:\n    image: x\n    networks:\n      public:\n        aliases: [gateway]\n      data: {}\n' + networks },
    { name: '`default` needs no declaration', code: 'services:\n  api:\n    image: x\n    networks: [default]\n' },
    { name: 'network_mode is not a network reference', code: 'services:\n  vpn:\n    image: x\n  api:\n    image: x\n    network_mode: service:vpn\n  tool:\n    network_mode: host\n' },
    { name: 'a builder network may be an engine network', code: 'services:\n  api:\n    build:\n      context: .\n      network: ci-builders\n' },
    { name: 'interpolated names are left alone', code: 'services:\n  api:\n    image: x\n    networks: ["${NETWORK:-public}"]\n' },
    { name: 'inherited through a merge key', code: 'x-data: &data\n  networks: [data]\nservices:\n  redis:\n    <<: *data\n    image: redis:7.2-alpine\n' + networks },
    { name: 'declared in the base file of an override', path: 'compose.gpu.yaml', code: 'services:\n  trainer:\n    networks: [data]\n', files: { 'compose.yaml': 'services:\n  api:\n    image: x\n' + networks } },
    { name: 'declared in an included file', code: 'include:\n  - infra/compose.yaml\nservices:\n  api:\n    networks: [data]\n', files: { 'infra/compose.yaml': networks } },
    { name: 'an include that cannot be located may declare it', code: 'include:\n  - ${INFRA_DIR}/compose.yaml\nservices:\n  api:\n    networks: [data]\n' },
    'services:',
    'services:\n  api:',
    'services:\n  api:\n    networks:\n      - \n',
    'networks:\n  data:\n',
  ],
  invalid: [
    {
      name: 'a typo is renamed to the declared network',
      code: 'services:\n  redis:\n    image: redis:7.2-alpine\n    networks: [dta]\n' + networks,
      errors: [{ messageId: 'typo', range: '3:15-3:18' }],
      output: 'services:\n  redis:\n    image: redis:7.2-alpine\n    networks: [data]\n' + networks,
    },
    {
      name: 'map syntax, declared in the existing section',
      code: 'services:\n  api:\n    image: x\n    networks:\n      public:\n      backend:\n        aliases: [api]\nnetworks:\n  public:\n    driver: bridge\n',
      errors: [{ messageId: 'undeclared', range: '5:6-5:13' }],
      output: 'services:\n  api:\n    image: x\n    networks:\n      public:\n      backend:\n        aliases: [api]\nnetworks:\n  public:\n    driver: bridge\n  backend:\n',
    },
    {
      name: 'no section yet: one is added at the end, once for two uses',
      code: 'services:\n  api:\n    networks:\n      - backend\n  worker:\n    networks: ["backend"]\n',
      errors: [
        { messageId: 'undeclared', range: '3:8-3:15' },
        { messageId: 'undeclared', range: '5:16-5:23' },
      ],
      output: 'services:\n  api:\n    networks:\n      - backend\n  worker:\n    networks: ["backend"]\nnetworks:\n  backend:\n',
    },
    {
      name: 'four-space indentation is kept',
      code: 'services:\n    api:\n        networks:\n            - backend\nnetworks:\n    public:\n',
      errors: [{ messageId: 'undeclared', range: '3:14-3:21' }],
      output: 'services:\n    api:\n        networks:\n            - backend\nnetworks:\n    public:\n    backend:\n',
    },
    {
      name: 'a flow section',
      code: 'services:\n  api:\n    networks: [backend]\nnetworks: {public: {}}\n',
      errors: [{ messageId: 'undeclared', range: '2:15-2:22' }],
      output: 'services:\n  api:\n    networks: [backend]\nnetworks: {public: {}, backend: {}}\n',
    },
    {
      name: 'an empty section',
      code: 'services:\n  api:\n    networks: [backend]\nnetworks:\n',
      errors: [{ messageId: 'undeclared', range: '2:15-2:22' }],
      output: 'services:\n  api:\n    networks: [backend]\nnetworks:\n  backend:\n',
    },
    {
      name: 'inherited by two services: reported once, where it is written',
      code: 'x-defaults: &defaults\n  networks: [backnd]\nservices:\n  api:\n    <<: *defaults\n  worker:\n    <<: *defaults\nnetworks:\n  backend:\n',
      errors: [{ messageId: 'typo', range: '1:13-1:19' }],
      output: 'x-defaults: &defaults\n  networks: [backend]\nservices:\n  api:\n    <<: *defaults\n  worker:\n    <<: *defaults\nnetworks:\n  backend:\n',
    },
    {
      name: 'a typo next to the name it misspells: neither renamed nor declared',
      code: 'services:\n  api:\n    networks: [data, dta]\n' + networks,
      errors: [{ messageId: 'typo', range: '2:21-2:24' }],
      output: null,
    },
    {
      name: 'an override that its base file does not help',
      path: 'compose.gpu.yaml',
      code: 'services:\n  trainer:\n    networks: [gpu]\n',
      files: { 'compose.yaml': 'services:\n  api:\n    image: x\n' + networks },
      errors: [{ messageId: 'undeclared', range: '2:15-2:18' }],
      output: 'services:\n  trainer:\n    networks: [gpu]\nnetworks:\n  gpu:\n',
    },
  ],
});
