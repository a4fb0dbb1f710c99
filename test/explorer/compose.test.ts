// Compose declarations: their ranges, their live names, matching live objects to them and the lens text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { composeProjectName, findDeclaration, liveStatus, parseComposeFile } from '../../client/src/explorer/compose';

const text = `name: ML-Stack
services:
  trainer:
    image: pytorch
networks:
  front: {}
  data:
    internal: true
  shared:
    external: true
  named:
    name: custom-net
volumes:
  models:
  checkpoints:
    driver: local
`;

describe('parseComposeFile', () => {
  const info = parseComposeFile('/w/stack/compose.yaml', text);

  it('finds top-level networks and volumes with their live names and key ranges', () => {
    assert.equal(info.project, 'ml-stack');
    assert.deepEqual(
      info.declarations.map((d) => [d.type, d.key, d.liveName, d.external, d.range.startLine, d.range.startCharacter, d.range.endCharacter]),
      [
        ['network', 'front', 'ml-stack_front', false, 5, 2, 7],
        ['network', 'data', 'ml-stack_data', false, 6, 2, 6],
        ['network', 'shared', 'shared', true, 8, 2, 8],
        ['network', 'named', 'custom-net', false, 10, 2, 7],
        ['volume', 'models', 'ml-stack_models', false, 13, 2, 8],
        ['volume', 'checkpoints', 'ml-stack_checkpoints', false, 14, 2, 13],
      ],
    );
  });

  it('names the project like Compose does', () => {
    assert.equal(composeProjectName('/w/My Project/compose.yml', undefined), 'myproject');
    assert.equal(composeProjectName('/w/x/compose.yml', 'declared', { COMPOSE_PROJECT_NAME: 'fromenv' }), 'fromenv');
  });

  it('matches a live object by Compose labels first, then by name', () => {
    const byLabel = findDeclaration([info], { type: 'volume', name: 'renamed', project: 'ml-stack', composeKey: 'checkpoints', users: [] });
    assert.equal(byLabel?.declaration.key, 'checkpoints');
    const byName = findDeclaration([info], { type: 'network', id: 'x', name: 'custom-net', builtin: false, users: [] });
    assert.equal(byName?.declaration.key, 'named');
    assert.equal(findDeclaration([info], { type: 'network', id: 'y', name: 'other', builtin: false, users: [] }), undefined);
  });

  it('says whether each declaration is live', () => {
    const [front, , shared] = info.declarations;
    const live = {
      networks: [
        {
          Name: 'ml-stack_front',
          Id: 'f1',
          Driver: 'bridge',
          IPAM: { Config: [{ Subnet: '10.20.0.0/24' }] },
          Labels: { 'com.docker.compose.project': 'ml-stack', 'com.docker.compose.network': 'front' },
        },
      ],
      volumes: [],
      containers: [{ Id: 'c1', Names: ['/trainer'], NetworkSettings: { Networks: { 'ml-stack_front': { NetworkID: 'f1', IPAddress: '10.20.0.2', IPPrefixLen: 24 } } } }],
    };
    const frontStatus = liveStatus(info.project, front, live);
    assert.equal(frontStatus.summary, 'Live: network “ml-stack_front” (bridge, 10.20.0.0/24, 1 container)');
    assert.deepEqual(frontStatus.ref, { type: 'network', id: 'f1', name: 'ml-stack_front', builtin: false, users: [] });
    assert.match(liveStatus(info.project, shared, live).summary, /external network “shared” does not exist/);
    // No service of this file mounts `models`: like the unused-volume rule, the lens says `up` will not create it.
    assert.equal(
      liveStatus(info.project, info.declarations[4], live).summary,
      'Not live: no service mounts “models”, so `docker compose up` does not create it (unused-volume).',
    );
  });

  it('agrees with the unused-volume rule on which volumes `up` creates', () => {
    const mounted = parseComposeFile(
      '/w/stack/compose.yaml',
      'services:\n  a:\n    volumes:\n      - models:/models:ro\n      - ./code:/code\n  b:\n    volumes:\n      - type: volume\n        source: ckpt\n        target: /ckpt\nvolumes:\n  models:\n  ckpt:\n  spare:\n',
    );
    const empty = { networks: [], volumes: [], containers: [] };
    assert.deepEqual(
      mounted.declarations.map((d) => [d.key, liveStatus(mounted.project, d, empty).summary]),
      [
        ['models', 'Not live: “stack_models” does not exist yet; `docker compose up` creates it.'],
        ['ckpt', 'Not live: “stack_ckpt” does not exist yet; `docker compose up` creates it.'],
        ['spare', 'Not live: no service mounts “spare”, so `docker compose up` does not create it (unused-volume).'],
      ],
    );
    // A file without services (an override, say) is not judged, as the rule does not judge it.
    const [only] = parseComposeFile('/w/stack/compose.override.yaml', 'volumes:\n  models:\n').declarations;
    assert.equal(only.unused, undefined);
  });
});
