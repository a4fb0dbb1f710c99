import { rule } from '../../../../server/src/rules/compose/undefined-secret';
import { ruleTester } from '../../ruleTester';

const secrets = 'secrets:\n  db_password:\n    file: ./secrets/db_password.txt\n  hf_token:\n    environment: HF_TOKEN\n';

ruleTester(rule, {
  valid: [
    'services:\n  postgres:\n    image: postgres:16-alpine\n    secrets: [db_password]\n' + secrets,
    { name: 'long syntax', code: 'services:\n  api:\n    secrets:\n      - source: db_password\n        target: /run/secrets/db\n        mode: 0400\n' + secrets },
    { name: 'build secrets', code: 'services:\n  model-server:\n    build:\n      context: .\n      secrets: [hf_token]\n' + secrets },
    { name: 'merge key', code: 'x-db: &db\n  secrets: [db_password]\nservices:\n  api:\n    <<: *db\n' + secrets },
    { name: 'a secret named like an environment variable is still a name', code: 'services:\n  api:\n    environment:\n      DB_PASSWORD_FILE: /run/secrets/db_password\n' },
    'services:',
    'services:\n  api:',
    'services:\n  api:\n    secrets:\n      - source:\n',
  ],
  invalid: [
    {
      name: 'a typo',
      code: 'services:\n  api:\n    secrets: [db_pasword]\n' + secrets,
      errors: [{ messageId: 'typo', range: '2:14-2:24' }],
      output: 'services:\n  api:\n    secrets: [db_password]\n' + secrets,
    },
    {
      name: 'declared with a file, in the existing section',
      code: 'services:\n  api:\n    secrets:\n      - source: openai_api_key\n        target: openai\n' + secrets,
      errors: [{ messageId: 'undeclared', range: '3:16-3:30' }],
      output: 'services:\n  api:\n    secrets:\n      - source: openai_api_key\n        target: openai\n' + secrets + '  openai_api_key:\n    file: ./secrets/openai_api_key.txt\n',
    },
    {
      name: 'a build secret, in a new section with the file\'s indentation',
      code: 'services:\n    model-server:\n        build:\n            context: .\n            secrets:\n                - pip_index_token\n',
      errors: [{ messageId: 'undeclared', range: '5:18-5:33' }],
      output:
        'services:\n    model-server:\n        build:\n            context: .\n            secrets:\n                - pip_index_token\n' +
        'secrets:\n    pip_index_token:\n        file: ./secrets/pip_index_token.txt\n',
    },
    {
      name: 'a flow section',
      code: 'services:\n  api:\n    secrets: [api_key]\nsecrets: {}\n',
      errors: [{ messageId: 'undeclared', range: '2:14-2:21' }],
      output: 'services:\n  api:\n    secrets: [api_key]\nsecrets: {api_key: {file: ./secrets/api_key.txt}}\n',
    },
  ],
});
