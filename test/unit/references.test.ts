// Tests the shared reading of Compose references: every syntax a service uses to name a network,
// volume, secret, config or service, the ranges of the names, the project's companion files, and the
// edits that declare and remove names.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ComposeModel } from '../../server/src/compose/model';
import {
  candidateNames,
  declarationOf,
  declareEdit,
 
  mayBe,
  project,
  referenceAt,
  references,
  removeDeclarationEdit,
  shortVolumeSource,
  usesOf,
} from '../../server/src/compose/references';
import { applyEdits } from '../../server/src/text';
import { formatRange } from './ruleTester';
import { MemoryHost } from './memoryHost';

const STACK = path.join(__dirname, '..', 'fixtures', 'compose-stack', 'compose.yaml');

/** The references of a text as `kind name field syntax range [inherited]` lines. */
function list(text: string): string[] {
  return references(new ComposeModel(text)).map(
    (r) => `${r.kind} ${r.name} ${r.service.name}.${r.field} ${r.syntax} ${formatRange(r)}${r.inherited ? ' inherited' : ''}`,
  );
}

describe('references', () => {
  it('reads every reference of the fixture stack', () => {
    assert.deepEqual(list(fs.readFileSync(STACK, 'utf8')), [
      'network public api.networks short 20:8-20:14',
      'network data api.networks short 21:8-21:12',
      'secret db_password api.secrets short 18:8-18:19',
      'service model-server api.depends_on long 23:6-23:18',
      'service redis api.depends_on long 25:6-25:11',
      'service postgres api.depends_on long 27:6-27:14',
      'network public model-server.networks long 55:6-55:12',
      'network data model-server.networks long 56:6-56:10',
      'volume models model-server.volumes short 42:8-42:14',
      'volume checkpoints model-server.volumes long 44:16-44:27',
      'secret hf_token model-server.secrets long 39:16-39:24',
      'network data redis.networks short 62:15-62:19',
      'network data postgres.networks short 79:15-79:19',
      'volume pgdata postgres.volumes short 74:8-74:14',
      'secret db_password postgres.secrets short 72:8-72:19',
    ]);
  });

  it('reads networks as a list and as a map, and skips network_mode', () => {
    assert.deepEqual(list('services:\n  a:\n    networks: [front, "back"]\n  b:\n    networks:\n      front:\n        aliases: [b]\n      back: {}\n  c:\n    network_mode: host\n'), [
      'network front a.networks short 2:15-2:20',
      'network back a.networks short 2:23-2:27',
      'network front b.networks long 5:6-5:11',
      'network back b.networks long 7:6-7:10',
    ]);
  });

  it('reads named volumes in short and long syntax, and no bind mounts, anonymous or tmpfs volumes', () => {
    const text = [
      'services:',
      '  a:',
      '    volumes:',
      '      - models:/models:ro',
      "      - 'hf-cache:/root/.cache/huggingface'",
      '      - ./data:/data',
      '      - /var/run/docker.sock:/var/run/docker.sock',
      '      - ~/.aws:/root/.aws',
      '      - /scratch',
      '      - ${MODELS_VOLUME:-models}:/m',
      '      - type: volume',
      '        source: ckpt',
      '        target: /ckpt',
      '      - type: bind',
      '        source: ./src',
      '        target: /src',
      '      - type: volume',
      '        target: /anonymous',
      '      - type: tmpfs',
      '        target: /tmp',
      '',
    ].join('\n');
    assert.deepEqual(list(text), [
      'volume models a.volumes short 3:8-3:14',
      'volume hf-cache a.volumes short 4:9-4:17',
      'volume ${MODELS_VOLUME:-models} a.volumes short 9:8-9:32',
      'volume ckpt a.volumes long 11:16-11:20',
    ]);
  });

  it('reads secrets and configs in both syntaxes, build secrets, and a build network', () => {
    const text = [
      'services:',
      '  a:',
      '    secrets: [db_password, {source: api_key, target: key}]',
      '    configs:',
      '      - source: app_config',
      '        target: /etc/app.yaml',
      '      - logging',
      '    build:',
      '      context: .',
      '      network: builders',
      '      secrets:',
      '        - hf_token',
      '  b:',
      '    build:',
      '      context: .',
      '      network: host',
      '',
    ].join('\n');
    assert.deepEqual(list(text), [
      'secret db_password a.secrets short 2:14-2:25',
      'secret api_key a.secrets long 2:36-2:43',
      'config app_config a.configs long 4:16-4:26',
      'config logging a.configs short 6:8-6:15',
      'secret hf_token a.build.secrets short 11:10-11:18',
      'network builders a.build.network short 9:15-9:23',
    ]);
  });

  it('reads every way a service names another', () => {
    const text = [
      'services:',
      '  a:',
      '    depends_on: [db, cache]',
      '    links: ["db:database"]',
      '    volumes_from: [data:ro, "container:legacy"]',
      '    network_mode: service:vpn',
      '    ipc: "service:shm"',
      '    pid: host',
      '    extends: base',
      '  b:',
      '    depends_on:',
      '      db:',
      '        condition: service_healthy',
      '        required: false',
      '    extends:',
      '      service: base',
      '  c:',
      '    extends:',
      '      file: common.yaml',
      '      service: web',
      '',
    ].join('\n');
    assert.deepEqual(list(text), [
      'service db a.depends_on short 2:17-2:19',
      'service cache a.depends_on short 2:21-2:26',
      'service db a.links short 3:13-3:15',
      'service data a.volumes_from short 4:19-4:23',
      'service vpn a.network_mode short 5:26-5:29',
      'service shm a.ipc short 6:18-6:21',
      'service base a.extends short 8:13-8:17',
      'service db b.depends_on long 11:6-11:8',
      'service base b.extends long 15:15-15:19',
    ]);
    const model = new ComposeModel(text);
    const db = references(model).find((r) => r.service.name === 'b' && r.field === 'depends_on');
    assert.equal(String(db?.options?.get('condition')), 'service_healthy');
  });

  it('follows merge keys and aliases, marking what a service inherits', () => {
    const text = [
      'x-defaults: &defaults',
      '  networks: [data]',
      'x-volumes: &volumes',
      '  - models:/models',
      'services:',
      '  a:',
      '    <<: *defaults',
      '    volumes: *volumes',
      '  b:',
      '    <<: *defaults',
      '    networks: [public]',
      '',
    ].join('\n');
    assert.deepEqual(list(text), [
      'network data a.networks short 1:13-1:17 inherited',
      'volume models a.volumes short 3:4-3:10 inherited',
      'network public b.networks short 10:15-10:21',
    ]);
  });

  it('keeps an item being typed, with an empty name', () => {
    assert.deepEqual(list('services:\n  a:\n    networks:\n      - \n'), ['network  a.networks short 3:8-3:8']);
  });

  it('never throws on half-typed or broken files', () => {
    for (const text of ['', 'services:', 'services:\n  api:', 'services:\n  api:\n    networks:', 'services: [a, b]', 'services:\n  api:\n    volumes: {a: b}\n', 'services: {api: [', 'services:\n  a: &a\n    <<: *a\n']) {
      assert.doesNotThrow(() => references(new ComposeModel(text)), text);
    }
  });
});

describe('lookups', () => {
  const text = 'services:\n  api:\n    networks: [data]\n    depends_on: [db]\n  db:\n    image: postgres:16-alpine\nnetworks:\n  data:\n';
  const model = new ComposeModel(text);

  it('finds the reference at a position, ends included', () => {
    assert.equal(referenceAt(model, { line: 2, character: 15 })?.name, 'data');
    assert.equal(referenceAt(model, { line: 2, character: 19 })?.name, 'data');
    assert.equal(referenceAt(model, { line: 2, character: 4 }), undefined);
  });

  it('finds the declaration of a reference and the uses of a name', () => {
    const [data, db] = references(model);
    const declaration = declarationOf(model, data);
    assert.equal(declaration && formatRange({ range: declaration.keyRange }), '7:2-7:6');
    assert.equal(declarationOf(model, db)?.name, 'db');
    assert.equal(usesOf(model, 'network', 'data').length, 1);
    assert.deepEqual(candidateNames(model, 'network'), ['data', 'default']);
    assert.deepEqual(candidateNames(model, 'service'), ['api', 'db']);
  });
});

describe('shortVolumeSource', () => {
  const cases: [string, string | undefined][] = [
    ['models:/models', 'models'],
    ['models:/models:ro', 'models'],
    ['/models', undefined],
    ['./models:/models', undefined],
    ['../shared:/shared', undefined],
    ['~/cache:/cache', undefined],
    ['/abs:/abs', undefined],
    ['C:\\data:/data', undefined],
    ['\\\\.\\pipe\\docker_engine:\\\\.\\pipe\\docker_engine', undefined],
    ['${DATA:-./data}:/data', '${DATA:-./data}'],
    [':/x', undefined],
  ];
  for (const [spec, expected] of cases) it(spec, () => assert.equal(shortVolumeSource(spec), expected));
});

describe('mayBe', () => {
  it('matches interpolated names', () => {
    assert.equal(mayBe('models', 'models'), true);
    assert.equal(mayBe('${VOLUME:-models}', 'checkpoints'), true);
    assert.equal(mayBe('${PREFIX}_models', 'prod_models'), true);
    assert.equal(mayBe('${PREFIX}_models', 'models'), false);
    assert.equal(mayBe('$HOME/models', 'models'), false);
  });
});

describe('project', () => {
  const declaring = 'services:\n  db:\n    image: postgres:16-alpine\nnetworks:\n  data:\nvolumes:\n  pgdata:\n';

  it('counts what the base file of an override declares', () => {
    const files = new MemoryHost({ '/p/compose.yaml': declaring });
    const model = new ComposeModel('services:\n  db:\n    networks: [data]\n');
    const p = project(model, '/p/compose.gpu.yaml', files);
    assert.equal(p.declares('network', 'data'), true);
    assert.equal(p.declares('service', 'db'), true);
    assert.equal(p.declares('network', 'other'), false);
    assert.equal(p.declares('network', 'default'), true);
  });

  it("counts an override's uses for the default file, and not the other way round", () => {
    const files = new MemoryHost({ '/p/compose.override.yaml': 'services:\n  db:\n    volumes: [pgdata:/var/lib/postgresql/data]\n' });
    const p = project(new ComposeModel(declaring), '/p/compose.yaml', files);
    assert.equal(p.uses('volume', 'pgdata'), true);
    assert.equal(p.uses('network', 'data'), false);
    assert.equal(project(new ComposeModel(declaring), undefined, files).uses('volume', 'pgdata'), false);
  });

  it('counts included files, and gives up on an include it cannot locate', () => {
    const files = new MemoryHost({ '/p/db/compose.yaml': declaring });
    const included = project(new ComposeModel('include:\n  - db/compose.yaml\nservices:\n  api:\n    depends_on: [db]\n'), '/p/compose.yaml', files);
    assert.equal(included.declares('service', 'db'), true);
    assert.deepEqual(included.names('service'), ['api', 'db']);
    const unknown = project(new ComposeModel('include:\n  - path: ${STACK}/compose.yaml\nservices:\n  api:\n'), '/p/compose.yaml', files);
    assert.equal(unknown.declares('service', 'db'), undefined);
  });

  it('counts the uses of a file that a service extends', () => {
    const files = new MemoryHost({ '/p/common.yaml': 'services:\n  web:\n    volumes: [pgdata:/data]\n' });
    const model = new ComposeModel('services:\n  api:\n    extends:\n      file: common.yaml\n      service: web\nvolumes:\n  pgdata:\n');
    assert.equal(project(model, '/p/compose.yaml', files).uses('volume', 'pgdata'), true);
  });
});

describe('edits', () => {
  const edit = (text: string, make: (m: ComposeModel) => ReturnType<typeof declareEdit>) => {
    const e = make(new ComposeModel(text));
    return e ? applyEdits(text, [e]) : undefined;
  };

  it('reads the indent unit from the file', () => {
    assert.equal(new ComposeModel('services:\n    api:\n        image: x\n').indentUnit, 4);
    assert.equal(new ComposeModel('name: x\n').indentUnit, 2);
  });

  it('declares a name in an existing section, a flow section, an empty section or a new one', () => {
    assert.equal(edit('volumes:\n  a:\n    driver: local\n# end\n', (m) => declareEdit(m, 'volumes', 'b')), 'volumes:\n  a:\n    driver: local\n  b:\n# end\n');
    assert.equal(edit('volumes: { a: {} }\n', (m) => declareEdit(m, 'volumes', 'b')), 'volumes: { a: {}, b: {} }\n');
    assert.equal(edit('secrets:\n', (m) => declareEdit(m, 'secrets', 's', { file: './s.txt' })), 'secrets:\n  s:\n    file: ./s.txt\n');
    assert.equal(edit('services:\n  a:\n    image: x', (m) => declareEdit(m, 'networks', 'n')), 'services:\n  a:\n    image: x\nnetworks:\n  n:\n');
    assert.equal(edit('services:\r\n  a:\r\n    image: x\r\n', (m) => declareEdit(m, 'networks', 'n')), 'services:\r\n  a:\r\n    image: x\r\nnetworks:\r\n  n:\r\n');
    assert.equal(edit('x: &v\n  a:\nvolumes: *v\n', (m) => declareEdit(m, 'volumes', 'b')), undefined);
  });

  it('removes a declaration with its comment, or the whole section', () => {
    const remove = (text: string, name: string) => edit(text, (m) => removeDeclarationEdit(m, 'volumes', m.declared('volumes').get(name)!));
    assert.equal(remove('volumes:\n  # weights\n  a:\n  b:\n    driver: local\n', 'a'), 'volumes:\n  b:\n    driver: local\n');
    assert.equal(remove('services: {}\n\nvolumes:\n  a:\n', 'a'), 'services: {}\n');
    assert.equal(remove('volumes:\n  a:\n  b:', 'b'), 'volumes:\n  a:');
    assert.equal(remove('volumes: {a: {}}\n', 'a'), undefined);
  });
});
