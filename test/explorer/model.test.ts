// Node building from Engine API JSON: the labels, descriptions, badges, children and states a user sees.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyFault, EngineTooOldError, explainRefusal } from '../../client/src/explorer/errors';
import { EndpointError } from '../../client/src/explorer/endpoint';
import {
  buildFaultNodes,
  ContainerJson,
  formatBytes,
  NetworkJson,
  VolumeJson,
} from '../../client/src/explorer/model';
import { buildNetworkNodes } from '../../client/src/explorer/networks/nodes';
import { buildVolumeNodes } from '../../client/src/explorer/volumes/nodes';

const byName = { groupByProject: false, sortBy: 'name' as const };
const compose = (project: string, key: string, kind: 'network' | 'volume') => ({
  'com.docker.compose.project': project,
  [`com.docker.compose.${kind}`]: key,
});

const networks: NetworkJson[] = [
  { Name: 'bridge', Id: 'b'.repeat(64), Driver: 'bridge', Scope: 'local', IPAM: { Config: [{ Subnet: '172.17.0.0/16', Gateway: '172.17.0.1' }] }, Created: '2024-01-01T00:00:00Z' },
  { Name: 'host', Id: 'h'.repeat(64), Driver: 'host', Scope: 'local', IPAM: { Config: [] }, Created: '2024-01-01T00:00:00Z' },
  {
    Name: 'ml_data',
    Id: 'd'.repeat(64),
    Driver: 'bridge',
    Scope: 'local',
    Internal: true,
    IPAM: { Config: [{ Subnet: '10.30.0.0/24', Gateway: '10.30.0.1' }] },
    Labels: compose('ml', 'data', 'network'),
    Created: '2024-03-01T00:00:00Z',
  },
  {
    Name: 'ml_front',
    Id: 'f'.repeat(64),
    Driver: 'bridge',
    Scope: 'local',
    Attachable: true,
    IPAM: { Config: [{ Subnet: '10.20.0.0/24', Gateway: '10.20.0.1' }] },
    Labels: compose('ml', 'front', 'network'),
    Created: '2024-02-01T00:00:00Z',
  },
  { Name: 'scratch', Id: 's'.repeat(64), Driver: 'bridge', Scope: 'local', IPAM: { Config: [{ Subnet: '10.40.0.0/24' }] }, Created: '2024-04-01T00:00:00Z' },
];

const containers: ContainerJson[] = [
  {
    Id: '1'.repeat(64),
    Names: ['/trainer'],
    Image: 'pytorch',
    State: 'running',
    Status: 'Up 2 hours',
    NetworkSettings: {
      Networks: {
        ml_data: { NetworkID: 'd'.repeat(64), IPAddress: '10.30.0.2', IPPrefixLen: 24 },
        ml_front: { NetworkID: 'f'.repeat(64), IPAddress: '10.20.0.3', IPPrefixLen: 24 },
      },
    },
    Mounts: [
      { Type: 'volume', Name: 'ml_models', Destination: '/models', RW: false },
      { Type: 'volume', Name: 'ml_ckpt', Destination: '/ckpt', RW: true },
      { Type: 'bind', Source: '/home/ada/code', Destination: '/code', RW: true },
    ],
  },
  {
    Id: '2'.repeat(64),
    Names: ['/db'],
    Image: 'postgres',
    State: 'exited',
    Status: 'Exited (0) 1 minute ago',
    NetworkSettings: { Networks: { ml_data: { NetworkID: 'd'.repeat(64), IPAddress: '', IPPrefixLen: 0 } } },
    Mounts: [{ Type: 'volume', Name: 'ml_ckpt', Destination: '/backup', RW: true }],
  },
];

const volumes: VolumeJson[] = [
  { Name: 'ml_models', Driver: 'local', Mountpoint: '/var/lib/docker/volumes/ml_models/_data', Labels: compose('ml', 'models', 'volume'), CreatedAt: '2024-02-01T00:00:00Z' },
  { Name: 'ml_ckpt', Driver: 'local', Mountpoint: '/var/lib/docker/volumes/ml_ckpt/_data', Labels: compose('ml', 'checkpoints', 'volume'), CreatedAt: '2024-03-01T00:00:00Z' },
  { Name: 'a'.repeat(64), Driver: 'local', Mountpoint: '/x', Labels: null, CreatedAt: '2024-01-01T00:00:00Z' },
];

describe('network nodes', () => {
  const nodes = buildNetworkNodes(networks, containers, byName);

  it('lists custom networks by name, then the protected built-ins', () => {
    assert.deepEqual(
      nodes.map((n) => [n.label, n.contextValue]),
      [
        ['ml_data', 'network'],
        ['ml_front', 'network'],
        ['scratch', 'network'],
        ['bridge', 'network.builtin'],
        ['host', 'network.builtin'],
      ],
    );
  });

  it('leads with what tells networks apart (subnet, badges, project); the usual bridge (local) is left out', () => {
    const [data, front, scratch, bridge, host] = nodes;
    assert.equal(data.description, '10.30.0.0/24 · internal · project ml');
    assert.equal(front.description, '10.20.0.0/24 · attachable · project ml');
    assert.equal(scratch.description, '10.40.0.0/24');
    assert.equal(bridge.description, '172.17.0.0/16 · built-in');
    assert.equal(host.description, 'built-in · host (local)');
    assert.equal(data.icon?.id, 'shield');
    assert.match(data.tooltip!, /Subnet: 10\.30\.0\.0\/24, gateway 10\.30\.0\.1/);
    assert.match(data.tooltip!, /Compose project: ml, network `data`/);
  });

  it('has the attached containers as children, with IPv4 and state', () => {
    const data = nodes[0];
    assert.deepEqual(
      data.children!.map((c) => [c.label, c.description, c.contextValue]),
      [
        ['db', 'no address · exited', 'container.exited'],
        ['trainer', '10.30.0.2/24 · running', 'container.running'],
      ],
    );
    assert.deepEqual(nodes[2].children, []);
    assert.deepEqual(data.resource, {
      type: 'network',
      id: 'd'.repeat(64),
      name: 'ml_data',
      builtin: false,
      project: 'ml',
      composeKey: 'data',
      users: ['db (exited)', 'trainer (running)'],
    });
  });

  it('groups by Compose project and sorts by creation time when asked', () => {
    const grouped = buildNetworkNodes(networks, containers, { groupByProject: true, sortBy: 'created' });
    assert.deepEqual(
      grouped.map((n) => [n.label, n.description]),
      [
        ['ml', 'Compose project · 2 networks'],
        ['scratch', '10.40.0.0/24'],
        ['bridge', '172.17.0.0/16 · built-in'],
        ['host', 'built-in · host (local)'],
      ],
    );
    assert.deepEqual(grouped[0].children!.map((n) => n.label), ['ml_data', 'ml_front']);
    assert.equal(grouped[0].children![0].description, '10.30.0.0/24 · internal');
  });
});

describe('volume nodes', () => {
  const sizes = new Map([
    ['ml_models', { size: 4_200_000_000, refCount: 1 }],
    ['ml_ckpt', { size: 12_345, refCount: 2 }],
    ['a'.repeat(64), { size: 0, refCount: 0 }],
  ]);

  it('shows size, users, unused marks and project', () => {
    const nodes = buildVolumeNodes(volumes, containers, { sizes, loading: false }, byName);
    assert.deepEqual(
      nodes.map((n) => [n.label, n.description, n.contextValue]),
      [
        ['aaaaaaaaaaaa', 'anonymous · 0 B · unused', 'volume.unused'],
        ['ml_ckpt', '12.3 kB · 2 containers · project ml', 'volume'],
        ['ml_models', '4.2 GB · 1 container · project ml', 'volume'],
      ],
    );
    assert.match(nodes[2].tooltip!, /Mountpoint: `\/var\/lib\/docker\/volumes\/ml_models\/_data`/);
    assert.match(nodes[2].tooltip!, /References \(engine\): 1/);
  });

  it('has the mounting containers as children, with mount path and rw/ro', () => {
    const nodes = buildVolumeNodes(volumes, containers, { sizes, loading: false }, byName);
    assert.deepEqual(
      nodes[1].children!.map((c) => [c.label, c.description]),
      [
        ['db', '/backup · rw · exited'],
        ['trainer', '/ckpt · rw · running'],
      ],
    );
    assert.equal(nodes[2].children![0].description, '/models · ro · running');
  });

  it('says the size is on its way while /system/df runs, and n/a when it gave none', () => {
    const loading = buildVolumeNodes(volumes, containers, { sizes: new Map(), loading: true }, byName);
    assert.equal(loading[1].description, 'size … · 2 containers · project ml');
    const done = buildVolumeNodes(volumes, containers, { sizes: new Map([['ml_ckpt', { size: -1, refCount: -1 }]]), loading: false }, byName);
    assert.equal(done[1].description, 'size n/a · 2 containers · project ml');
    assert.equal(done[2].description, 'size n/a · 1 container · project ml');
  });

  it('offers to create a volume when there is none', () => {
    const [empty] = buildVolumeNodes([], [], { sizes: new Map(), loading: false }, byName);
    assert.equal(empty.label, 'No volumes');
    assert.equal(empty.contextValue, 'state.empty');
    assert.equal(empty.command?.command, 'dockml.explorer.createVolume');
  });
});

describe('formatBytes', () => {
  it('prints sizes like the docker CLI', () => {
    assert.deepEqual([0, 999, 1000, 1536, 12_345_678, 4.2e9, -1].map(formatBytes), ['0 B', '999 B', '1 kB', '1.54 kB', '12.3 MB', '4.2 GB', 'n/a']);
  });
});

describe('state nodes', () => {
  const endpoint = { kind: 'unix' as const, socketPath: '/var/run/docker.sock', source: 'default' as const };

  it('explain an unreachable engine and offer Retry and Open settings', () => {
    const nodes = buildFaultNodes(classifyFault(Object.assign(new Error('connect ENOENT'), { code: 'ENOENT' }), endpoint));
    assert.deepEqual(
      nodes.map((n) => [n.label, n.contextValue]),
      [
        ['Cannot reach the container engine', 'state.unreachable'],
        ['There is no socket at /var/run/docker.sock: the engine is not running, or it listens elsewhere.', 'state.detail'],
        ['Start Docker or Podman, or point dockml.docker.host at a running engine.', 'state.hint'],
        ['Retry', 'state.action'],
        ['Open settings', 'state.action'],
      ],
    );
    assert.equal(nodes[0].description, 'unix:///var/run/docker.sock (default)');
    assert.equal(nodes[3].command?.command, 'dockml.explorer.refresh');
    assert.equal(nodes[4].command?.command, 'dockml.explorer.openSettings');
  });

  it('tell how to fix a permission problem on the socket', () => {
    const [head, detail, hint] = buildFaultNodes(classifyFault(Object.assign(new Error('EACCES'), { code: 'EACCES' }), endpoint));
    assert.equal(head.label, 'Permission denied on /var/run/docker.sock');
    assert.equal(head.contextValue, 'state.permission');
    assert.match(detail.label, /may not open/);
    assert.match(hint.label, /usermod -aG docker/);
  });

  it('name an engine that is too old, and a bad endpoint setting', () => {
    const [old] = buildFaultNodes(classifyFault(new EngineTooOldError('1.24', 'Docker Engine 1.12.6'), endpoint));
    assert.equal(old.label, 'Engine Docker Engine 1.12.6 is too old');
    assert.equal(old.contextValue, 'state.tooOld');
    const [bad, why] = buildFaultNodes(classifyFault(new EndpointError('"x" is not an engine address', 'setting'), undefined));
    assert.equal(bad.contextValue, 'state.badEndpoint');
    assert.equal(why.label, '"x" is not an engine address');
  });
});

describe('refusals', () => {
  const http = (statusCode: number, message: string) => Object.assign(new Error(`(HTTP code ${statusCode})`), { statusCode, json: { message } });

  it('explain an in-use volume and a network with containers, saying nothing was lost', () => {
    assert.equal(
      explainRefusal(http(409, 'remove ml_models: volume is in use - [1111]'), { action: 'remove', type: 'volume', name: 'ml_models', users: ['trainer (running)'] }),
      'Docker refused to remove volume “ml_models”: it is in use by trainer (running). Nothing was deleted. Remove those containers first; a stopped container still holds its volumes.',
    );
    assert.equal(
      explainRefusal(http(403, 'error while removing network: network ml_data id dd has active endpoints'), {
        action: 'remove',
        type: 'network',
        name: 'ml_data',
        users: ['trainer (running)'],
      }),
      'Docker refused to remove network “ml_data”: trainer (running) is still attached. Nothing was removed. Disconnect or remove those containers first.',
    );
  });

  it('explain built-in networks, vanished objects and duplicate names', () => {
    assert.match(explainRefusal(http(403, 'bridge is a pre-defined network and cannot be removed'), { action: 'remove', type: 'network', name: 'bridge', users: [] }), /built-in network/);
    assert.match(explainRefusal(http(404, 'no such volume'), { action: 'remove', type: 'volume', name: 'x', users: [] }), /no longer exists/);
    assert.equal(explainRefusal(http(409, 'network with name ml already exists'), { action: 'create', type: 'network', name: 'ml', users: [] }), 'A network named “ml” already exists.');
  });
});
