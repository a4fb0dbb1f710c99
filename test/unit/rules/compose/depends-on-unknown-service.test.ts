import { rule } from '../../../../server/src/rules/compose/depends-on-unknown-service';
import { ruleTester } from '../../ruleTester';

const backing = '  postgres:\n    image: postgres:16-alpine\n  redis:\n    image: redis:7.2-alpine\n';

ruleTester(rule, {
  valid: [
    'services:\n  api:\n    image: x\n    depends_on: [postgres, redis]\n' + backing,
    { name: 'map syntax', code: 'services:\n  api:\n    depends_on:\n      postgres:\n        condition: service_healthy\n        restart: true\n' + backing },
    { name: 'required: false tolerates a missing service', code: 'services:\n  api:\n    depends_on:\n      tracing:\n        condition: service_started\n        required: false\n' + backing },
    { name: 'links and volumes_from are not depends_on', code: 'services:\n  api:\n    links: [db]\n    volumes_from: [data]\n' },
    { name: 'merge key', code: 'x-deps: &deps\n  depends_on: [redis]\nservices:\n  worker:\n    <<: *deps\n' + backing },
    { name: 'defined in the base file of an override', path: 'docker-compose.prod.yml', code: 'services:\n  api:\n    depends_on: [postgres]\n', files: { 'docker-compose.yml': 'services:\n' + backing } },
    { name: 'defined in an included file', code: 'include:\n  - path: [infra/compose.yaml]\nservices:\n  api:\n    depends_on: [redis]\n', files: { 'infra/compose.yaml': 'services:\n' + backing } },
    { name: 'interpolated', code: 'services:\n  api:\n    depends_on: ["${DB_SERVICE}"]\n' },
    'services:',
    'services:\n  api:',
    'services:\n  api:\n    depends_on:\n      - \n',
  ],
  invalid: [
    {
      name: 'a typo in the map syntax',
      code: 'services:\n  api:\n    depends_on:\n      postgress:\n        condition: service_healthy\n' + backing,
      errors: [{ messageId: 'typo', range: '3:6-3:15' }],
      output: 'services:\n  api:\n    depends_on:\n      postgres:\n        condition: service_healthy\n' + backing,
    },
    {
      name: 'list syntax, one close and one not',
      code: 'services:\n  worker:\n    depends_on:\n      - "rediss"\n      - rabbitmq\n' + backing,
      errors: [
        { messageId: 'typo', range: '3:9-3:15' },
        { messageId: 'unknown', range: '4:8-4:16' },
      ],
      output: 'services:\n  worker:\n    depends_on:\n      - "redis"\n      - rabbitmq\n' + backing,
    },
    {
      name: 'nothing close: no fix',
      code: 'services:\n  api:\n    depends_on: [model-server]\n' + backing,
      errors: [{ messageId: 'unknown', range: '2:17-2:29' }],
      output: null,
    },
    {
      name: 'no rename into a name the list already has',
      code: 'services:\n  api:\n    depends_on:\n      redis:\n        condition: service_started\n      rediss:\n        condition: service_started\n' + backing,
      errors: [{ messageId: 'typo', range: '5:6-5:12' }],
      output: null,
    },
    {
      name: 'inherited by two services: reported once',
      code: 'x-deps: &deps\n  depends_on: [postgre]\nservices:\n  api:\n    <<: *deps\n  worker:\n    <<: *deps\n' + backing,
      errors: [{ messageId: 'typo', range: '1:15-1:22' }],
      output: 'x-deps: &deps\n  depends_on: [postgres]\nservices:\n  api:\n    <<: *deps\n  worker:\n    <<: *deps\n' + backing,
    },
  ],
});
