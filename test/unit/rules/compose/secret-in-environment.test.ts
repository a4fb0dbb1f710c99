import { rule } from '../../../../server/src/rules/compose/secret-in-environment';
import { ruleTester } from '../../ruleTester';

ruleTester(rule, {
  valid: [
    'services:\n  api:\n    image: x\n    environment:\n      HF_TOKEN: ${HF_TOKEN}\n      OPENAI_API_KEY: $OPENAI_API_KEY\n',
    {
      name: 'references, files, switches, empty values and names that only contain a secret word',
      code:
        'services:\n  api:\n    image: x\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD:?set it in .env}\n' +
        '      POSTGRES_PASSWORD_FILE: /run/secrets/db_password\n      DATABASE_PASSWORD: /run/secrets/db_password\n' +
        '      MYSQL_ALLOW_EMPTY_PASSWORD: "yes"\n      TOKENIZERS_PARALLELISM: "false"\n      PASSWORD_MIN_LENGTH: 12\n' +
        '      TOKEN_TTL: 3600\n      JUPYTER_TOKEN: ""\n      WANDB_API_KEY:\n      DATABASE_URL: postgres://app:${DB_PASSWORD}@db/app\n',
    },
    {
      name: 'list syntax passed through from the shell, or referenced',
      code: 'services:\n  api:\n    image: x\n    environment:\n      - HF_TOKEN\n      - WANDB_API_KEY=\n      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD}\n',
    },
    {
      name: 'URLs without a password, with a referenced one, masked; empty defaults',
      code: 'services:\n  api:\n    image: x\n    environment:\n      DATABASE_URL: postgresql://app@db/app\n      S3_URL: https://user:${S3_KEY}@s3.local\n      SHOWN_URL: https://user:***@host\n      API_KEY: ${API_KEY:-}\n      HOME_URL: http://example.com:8080/x@y\n',
    },
    { name: 'build args are not the environment', code: 'services:\n  api:\n    build:\n      context: .\n      args:\n        HF_TOKEN: hf_abc\n' },
    'services:',
    'services:\n  api:',
    'services:\n  api:\n    environment:\n',
  ],
  invalid: [
    {
      name: 'a literal default behind a variable, and passwords inside URLs',
      code: [
        'services:',
        '  api:',
        '    image: x',
        '    environment:',
        '      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-postgres}',
        '      DATABASE_URL: postgresql://langfuse:s3cret@db:5432/langfuse',
        '      - ignored',
        '  worker:',
        '    image: x',
        '    environment:',
        '      - REDIS_URL=redis://:hunter2@cache:6379/0',
        '      - CLICKHOUSE_URL=${CLICKHOUSE_URL:-http://default:clickhouse@ch:8123}',
        '',
      ].filter((l) => l !== '      - ignored').join('\n'),
      errors: [
        { messageId: 'fallback', range: '4:25-4:55' },
        { messageId: 'url', range: '5:20-5:65' },
        { messageId: 'url', range: '9:8-9:47' },
        { messageId: 'url', range: '10:8-10:75' },
      ],
      output: null,
    },
    {
      // The value leaves the file and lives nowhere else: both services would start with an empty password, so
      // `dockml fix` leaves this to the user (`dockml fix --unsafe` applies it).
      name: 'two services sharing one literal password: the reference is an unsafe fix',
      code: 'services:\n  db:\n    image: postgres:16.3\n    environment:\n      POSTGRES_PASSWORD: hunter2\n  api:\n    image: x\n    environment:\n      - POSTGRES_PASSWORD=hunter2\n',
      errors: [
        { messageId: 'literal', range: '4:25-4:32' },
        { messageId: 'literal', range: '8:8-8:33' },
      ],
      output: 'services:\n  db:\n    image: postgres:16.3\n    environment:\n      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}\n  api:\n    image: x\n    environment:\n      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD}\n',
      safe: false,
    },
    {
      name: 'map syntax: the value becomes a reference to the variable of the same name',
      code: 'services:\n  api:\n    image: x\n    environment:\n      HF_TOKEN: hf_aBcDeFgHiJk  # read-only token\n      OPENAI_API_KEY: "sk-proj-123"\n      JWT_SECRET: 123456\n',
      errors: [
        { messageId: 'literal', range: '4:16-4:30' },
        { messageId: 'literal', range: '5:22-5:35' },
        { messageId: 'literal', range: '6:18-6:24' },
      ],
      output:
        'services:\n  api:\n    image: x\n    environment:\n      HF_TOKEN: ${HF_TOKEN}  # read-only token\n      OPENAI_API_KEY: ${OPENAI_API_KEY}\n      JWT_SECRET: ${JWT_SECRET}\n',
    },
    {
      name: 'list syntax, plain and quoted; a `$$` is a literal dollar, not a reference',
      code: 'services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD=hunter2\n      - "REDIS_PASSWORD=s3cret"\n      - GH_TOKEN=$$abc\n',
      errors: [
        { messageId: 'literal', range: '4:8-4:33' },
        { messageId: 'literal', range: '5:8-5:31' },
        { messageId: 'literal', range: '6:8-6:22' },
      ],
      output:
        'services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD=${POSTGRES_PASSWORD}\n      - "REDIS_PASSWORD=${REDIS_PASSWORD}"\n      - GH_TOKEN=${GH_TOKEN}\n',
    },
    {
      name: 'lower-case names',
      code: 'services:\n  api:\n    image: x\n    environment:\n      db_password: hunter2\n',
      errors: [{ messageId: 'literal', range: '4:19-4:26' }],
      output: 'services:\n  api:\n    image: x\n    environment:\n      db_password: ${db_password}\n',
    },
    {
      name: 'inherited through an anchor: reported once, where it is written, without an in-place fix',
      code:
        'x-env: &env\n  AWS_SECRET_ACCESS_KEY: wJalrXUtnFEMI\nservices:\n  a:\n    image: x\n    environment: *env\n' +
        '  b:\n    image: y\n    environment:\n      <<: *env\n      REGION: eu-west-1\n',
      errors: [{ messageId: 'literal', range: '1:25-1:38' }],
      output: null,
    },
    {
      name: 'a block scalar is reported without a fix',
      code: 'services:\n  api:\n    image: x\n    environment:\n      PRIVATE_KEY: |\n        -----BEGIN KEY-----\n',
      errors: [{ messageId: 'literal', range: '4:19-6:0' }],
      output: null,
    },
  ],
});
