import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { rule } from '../../../../server/src/rules/compose/compose-schema';
import { ruleTester } from '../../ruleTester';

const gpuStack = `name: rag
x-gpu: &gpu
  deploy:
    resources:
      reservations:
        devices:
          - driver: nvidia
            count: \${GPU_COUNT:-1}
            capabilities: [gpu]
x-logging: &logging
  logging:
    driver: json-file
    options: {max-size: 10m, max-file: 3}
services:
  vllm:
    <<: [*gpu, *logging]
    image: vllm/vllm-openai:v0.5.4
    ipc: host
    shm_size: 16gb
    ports: ["127.0.0.1:8000:8000"]
    environment:
      - HF_TOKEN=\${HF_TOKEN}
  trainer:
    build: {context: ./train, target: runtime}
    gpus: all
    x-owner: ml-team
    volumes:
      - ./datasets:/data:ro
      - type: volume
        source: checkpoints
        target: /ckpt
    depends_on:
      postgres: {condition: service_healthy, restart: true}
  eval:
    extends: {service: trainer}
    gpus:
      - driver: nvidia
        device_ids: ["0"]
        capabilities: [gpu]
  postgres:
    image: pgvector/pgvector:pg16
    healthcheck:
      test: ["CMD", "pg_isready"]
      interval: 5s
models:
  llm:
    model: ai/smollm2
volumes:
  checkpoints:
`;

ruleTester(rule, {
  valid: [
    {
      name: 'GPU counts and devices under limits are left to the GPU rules, which say more',
      code: 'services:\n  a:\n    image: x:1\n    gpus: 2\n  b:\n    image: x:1\n    deploy:\n      resources:\n        limits:\n          devices:\n            - driver: nvidia\n              count: 1.5\n              capabilities: [gpu]\n',
    },
    { name: 'a GPU stack with anchors, merge keys, long and short syntaxes and x- extensions', code: gpuStack },
    {
      name: 'interpolation where a number or boolean is wanted',
      code:
        'services:\n  api:\n    image: x\n    cpus: ${CPUS}\n    tty: ${TTY:-false}\n    use_api_socket: ${SOCKET}\n' +
        '    healthcheck:\n      retries: $RETRIES\nmodels:\n  llm:\n    model: ai/smollm2\n    context_size: ${CTX:-4096}\n',
    },
    { name: '!reset and !override tags', code: 'services:\n  api:\n    image: x\n    ports: !reset null\n    environment: !override\n      A: "1"\n' },
    '',
    '# only a comment\n',
    'services:',
    'services:\n  api:',
    'services:\n  api:\n    image:\n',
    { name: 'problems after a syntax error are echoes of it', code: 'services:\n  api:\n    image: x\n    ports: [ "8000:8000"\n    prot: 1\n' },
    { name: 'no data when an alias is undefined', code: 'services:\n  api:\n    <<: *missing\n    prot: 1\n' },
  ],
  invalid: [
    {
      name: 'a misspelt service key',
      code: 'services:\n  api:\n    image: x\n    port:\n      - "8000:8000"\n',
      errors: [{ messageId: 'unknownKeySuggest', range: '3:4-3:8' }],
      output: 'services:\n  api:\n    image: x\n    ports:\n      - "8000:8000"\n',
    },
    {
      name: 'a misspelt top-level key',
      code: 'servics:\n  api:\n    image: x\n',
      errors: [{ messageId: 'unknownKeySuggest', range: '0:0-0:7' }],
      output: 'services:\n  api:\n    image: x\n',
    },
    {
      name: 'typos inside gpus: and device requests',
      code:
        'services:\n  trainer:\n    image: x\n    gpus:\n      - driver: nvidia\n        capabilites: [gpu]\n' +
        '    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              device_id: ["0"]\n',
      errors: [
        { messageId: 'unknownKeySuggest', range: '5:8-5:19' },
        { messageId: 'unknownKeySuggest', range: '11:14-11:23' },
      ],
      output:
        'services:\n  trainer:\n    image: x\n    gpus:\n      - driver: nvidia\n        capabilities: [gpu]\n' +
        '    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n              device_ids: ["0"]\n',
    },
    {
      name: 'no rename when the right key is already there',
      code: 'services:\n  api:\n    image: x\n    ports: ["80:80"]\n    port: 81\n',
      errors: [{ messageId: 'unknownKeySuggest', range: '4:4-4:8' }],
      output: null,
    },
    {
      name: 'a typo in an anchor is reported once, where it is written, without an in-place fix',
      code: 'x-base: &base\n  restrat: always\nservices:\n  api:\n    <<: *base\n    image: x\n  worker:\n    <<: *base\n    image: y\n',
      errors: [{ messageId: 'unknownKeySuggest', range: '1:2-1:9' }],
      output: null,
    },
    {
      name: 'an unknown key with nothing close, where x- extensions are allowed',
      code: 'services:\n  api:\n    image: x\n    owner: ml-team\n',
      errors: [{ messageId: 'unknownKeyExtension', range: '3:4-3:9' }],
      output: null,
    },
    {
      name: 'an unknown key where no extension is allowed',
      code: 'include:\n  - path: a.yaml\n    owner: ml\n',
      errors: [{ messageId: 'unknownKey', range: '2:4-2:9' }],
      output: null,
    },
    {
      name: 'a service name Compose refuses',
      code: 'services:\n  "my api":\n    image: x\n',
      errors: [{ messageId: 'invalidName', range: '1:2-1:10' }],
      output: null,
    },
    {
      name: 'a string where a list belongs, interpolated or not',
      code: 'services:\n  api:\n    image: x\n    ports: "8000:8000"\n  web:\n    image: y\n    ports: ${PORTS}\n',
      errors: [
        { messageId: 'wrongType', range: '3:11-3:22' },
        { messageId: 'wrongType', range: '6:11-6:19' },
      ],
      output: null,
    },
    {
      name: 'oneOf failures collapse into one message',
      code: 'services:\n  api:\n    image: x\n    build: 8000\n    environment:\n      A: [1]\n    networks:\n      backend: default\n',
      errors: [
        { messageId: 'wrongType', range: '3:11-3:15' },
        { messageId: 'wrongType', range: '5:6-5:7' },
        { messageId: 'wrongType', range: '7:15-7:22' },
      ],
      output: null,
    },
    {
      name: 'a mapping where a list belongs is reported on its key',
      code: 'services:\n  api:\n    image: x\n    cap_add:\n      SYS_ADMIN: true\n',
      errors: [{ messageId: 'wrongType', range: '3:4-3:11' }],
      output: null,
    },
    {
      name: 'a misspelt enum value',
      code: 'services:\n  api:\n    image: x\n    depends_on:\n      db:\n        condition: "service_healty"\n  db:\n    image: y\n    gpus: al\n',
      errors: [
        { messageId: 'badValueSuggest', range: '5:19-5:35' },
        { messageId: 'badValueSuggest', range: '8:10-8:12' },
      ],
      output: 'services:\n  api:\n    image: x\n    depends_on:\n      db:\n        condition: "service_healthy"\n  db:\n    image: y\n    gpus: all\n',
    },
    {
      name: 'an enum value with nothing close',
      code: 'services:\n  api:\n    image: x\n    cgroup: shared\n',
      errors: [{ messageId: 'badValue', range: '3:12-3:18' }],
      output: null,
    },
    {
      name: 'missing required keys',
      code:
        'services:\n  api:\n    extends:\n      file: base.yaml\n    ulimits:\n      nofile: {soft: 1024}\n' +
        '    deploy:\n      resources:\n        reservations:\n          devices:\n            - count: 1\n',
      errors: [
        { messageId: 'missing', range: '2:4-2:11' },
        { messageId: 'missing', range: '5:6-5:12' },
        { messageId: 'missing', range: '10:14-10:22' },
      ],
      output: null,
    },
    {
      name: 'a duplicate list item',
      code: 'services:\n  api:\n    image: x\n    cap_add: [SYS_ADMIN, SYS_ADMIN]\n',
      errors: [{ messageId: 'duplicate', range: '3:25-3:34' }],
      output: null,
    },
    {
      name: 'a number out of range',
      code: 'services:\n  api:\n    image: x\n    cpu_percent: 150\n',
      errors: [{ messageId: 'other', range: '3:17-3:20' }],
      output: null,
    },
    {
      name: 'a file that is not a mapping',
      code: '- api\n- db\n',
      errors: [{ messageId: 'wrongType', range: '0:0-0:5' }],
      output: null,
    },
    {
      name: 'problems before a syntax error are still reported',
      code: 'services:\n  api:\n    imag: x\n    ports: [ "8000:8000"\n',
      errors: [{ messageId: 'unknownKeySuggest', range: '2:4-2:8' }],
      output: 'services:\n  api:\n    image: x\n    ports: [ "8000:8000"\n',
    },
  ],
});

describe('compose-schema validator', () => {
  it('is the one generated from compose-spec.json', () => {
    const script = path.join(__dirname, '..', '..', '..', '..', 'scripts', 'refresh-compose-schema.mjs');
    assert.doesNotThrow(() => execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' }));
  });
});
