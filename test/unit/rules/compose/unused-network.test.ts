import { rule } from '../../../../server/src/rules/compose/unused-network';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'services:\n  api:\n    image: x\n    networks: [public, data]\nnetworks:\n  public:\n  data:\n    internal: true\n',
    { name: 'map syntax', code: 'services:\n  api:\n    networks:\n      data:\n        aliases: [api]\nnetworks:\n  data:\n' },
    { name: 'configuring `default` is a use', code: 'services:\n  api:\n    image: x\nnetworks:\n  default:\n    name: inference\n' },
    { name: 'used through a merge key', code: 'x-data: &data\n  networks: [data]\nservices:\n  redis:\n    <<: *data\nnetworks:\n  data:\n' },
    { name: 'used by a builder', code: 'services:\n  api:\n    build:\n      context: .\n      network: mirror\nnetworks:\n  mirror:\n' },
    { name: 'used through interpolation', code: 'services:\n  api:\n    networks: ["${NETWORK:-public}"]\nnetworks:\n  public:\n  private:\n' },
    { name: 'used in compose.override.yaml', code: 'services:\n  api:\n    image: x\nnetworks:\n  debug:\n', files: { 'compose.override.yaml': 'services:\n  api:\n    networks: [debug]\n' } },
    { name: 'used by a service this file extends', code: 'services:\n  api:\n    extends:\n      file: base.yaml\n      service: web\nnetworks:\n  front:\n', files: { 'base.yaml': 'services:\n  web:\n    networks: [front]\n' } },
    { name: 'a file without services is a fragment', code: 'networks:\n  data:\n    internal: true\n' },
    'services:',
    'services:\n  api:',
    'networks:\n',
  ],
  invalid: [
    {
      name: 'an internal network nothing joins (the removal is offered, not preferred)',
      code: 'services:\n  api:\n    image: x\n    networks: [public]\nnetworks:\n  public:\n  data:\n    internal: true\n',
      errors: [{ messageId: 'unused', range: '6:2-6:6' }],
      output: null,
    },
    {
      name: 'external declarations too',
      code: 'services:\n  api:\n    image: x\nnetworks:\n  traefik:\n    external: true\n',
      errors: [{ messageId: 'unused', range: '4:2-4:9' }],
      output: null,
    },
    {
      name: 'a flow section',
      code: 'services:\n  api:\n    image: x\nnetworks: {data: {internal: true}}\n',
      errors: [{ messageId: 'unused', range: '3:11-3:15' }],
      output: null,
    },
  ],
});
