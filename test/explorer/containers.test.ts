// The Containers view's nodes and the container actions' pure parts: what a user reads in the tree, the shell's
// command line, the browser address of a published port, human timestamps and the wizard's free subnet.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dockerCliEnv, portUrl, shellCommand, SHELL_SCRIPT } from '../../client/src/explorer/containers/actions';
import { buildContainerNodes } from '../../client/src/explorer/containers/nodes';
import { ContainerJson, humanTime } from '../../client/src/explorer/model';
import { firstHost, freeSubnet, validateSubnet } from '../../client/src/explorer/networks/actions';
import { buildFaultNodes } from '../../client/src/explorer/model';

const compose = (project: string, service: string) => ({ 'com.docker.compose.project': project, 'com.docker.compose.service': service });
const NOW = Date.parse('2026-12-02T06:00:00Z');

const containers: ContainerJson[] = [
  {
    Id: 'a'.repeat(64),
    Names: ['/ml-trainer-1'],
    Image: 'pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime',
    Created: NOW / 1000 - 7200,
    State: 'running',
    Status: 'Up 2 hours (healthy)',
    Labels: compose('ml', 'trainer'),
    Ports: [
      { IP: '0.0.0.0', PrivatePort: 6006, PublicPort: 16006, Type: 'tcp' },
      { IP: '::', PrivatePort: 6006, PublicPort: 16006, Type: 'tcp' },
      { PrivatePort: 8888, Type: 'tcp' },
    ],
    NetworkSettings: { Networks: { ml_front: { NetworkID: 'f'.repeat(64), IPAddress: '10.20.0.2', IPPrefixLen: 24 } } },
  },
  { Id: 'b'.repeat(64), Names: ['/scratch'], Image: 'busybox', Created: NOW / 1000 - 60, State: 'exited', Status: 'Exited (1) 1 minute ago', Labels: {} },
  { Id: 'c'.repeat(64), Names: ['/ml-db-1'], Image: 'postgres:16', State: 'running', Status: 'Up 5 minutes (unhealthy)', Labels: compose('ml', 'db') },
];

describe('container nodes', () => {
  const nodes = buildContainerNodes(containers, { groupByProject: false, sortBy: 'name' }, NOW);

  it('lists running containers first, each with status and health, ports, project/service and image', () => {
    assert.deepEqual(
      nodes.map((n) => [n.label, n.description, n.contextValue]),
      [
        ['ml-db-1', 'Up 5 minutes (unhealthy) · ml/db · postgres:16', 'container.running'],
        ['ml-trainer-1', 'Up 2 hours (healthy) · 16006→6006 · ml/trainer · pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime', 'container.running'],
        ['scratch', 'Exited (1) 1 minute ago · busybox', 'container.exited'],
      ],
    );
    assert.deepEqual(nodes.map((n) => n.icon), [
      { id: 'vm-running', color: 'problemsErrorIcon.foreground' },
      { id: 'vm-running', color: 'charts.green' },
      { id: 'vm-outline' },
    ]);
  });

  it('gives commands what they need: IP, published ports (each once), project and service', () => {
    assert.deepEqual(nodes[1].resource, {
      type: 'container',
      id: 'a'.repeat(64),
      name: 'ml-trainer-1',
      state: 'running',
      ip: '10.20.0.2',
      ports: [{ hostIp: '0.0.0.0', hostPort: 16006, containerPort: 6006, protocol: 'tcp' }],
      project: 'ml',
      service: 'trainer',
    });
    assert.match(nodes[1].tooltip!, /- Created: 2026-12-02 04:00 UTC \(2 hours ago\)/);
    assert.match(nodes[1].tooltip!, /- Health: healthy/);
    assert.match(nodes[1].tooltip!, /- Network ml_front: 10\.20\.0\.2\/24/);
  });

  it('groups by Compose project when asked, naming only the service inside a group', () => {
    const grouped = buildContainerNodes(containers, { groupByProject: true, sortBy: 'name' }, NOW);
    assert.deepEqual(
      grouped.map((n) => [n.label, n.description, n.contextValue]),
      [
        ['ml', 'Compose project · 2 containers', 'project'],
        ['scratch', 'Exited (1) 1 minute ago · busybox', 'container.exited'],
      ],
    );
    assert.deepEqual(grouped[0].resource, { type: 'project', name: 'ml', containers: ['ml-db-1', 'ml-trainer-1'] });
    assert.equal(grouped[0].children![0].description, 'Up 5 minutes (unhealthy) · db · postgres:16');
  });

  it('says when there is no container', () => {
    const [empty] = buildContainerNodes([], { groupByProject: false, sortBy: 'name' });
    assert.equal(empty.label, 'No containers');
  });
});

describe('container actions without the engine', () => {
  const ref = { type: 'container' as const, id: 'a'.repeat(64), name: 'trainer' };

  it('opens a shell with docker exec -it, bash when present, against the explorer’s engine', () => {
    const shell = shellCommand(ref, { kind: 'unix', socketPath: '/tmp/e/docker.sock', source: 'setting' }, '/usr/bin/docker');
    assert.deepEqual(shell, {
      command: '/usr/bin/docker',
      args: ['exec', '-it', 'a'.repeat(64), 'sh', '-c', SHELL_SCRIPT],
      env: { DOCKER_HOST: 'unix:///tmp/e/docker.sock', DOCKER_CONTEXT: null },
    });
    assert.deepEqual(dockerCliEnv({ kind: 'unix', socketPath: '/x.sock', source: 'context', context: 'remote' }), { DOCKER_CONTEXT: 'remote', DOCKER_HOST: null });
    assert.deepEqual(dockerCliEnv({ kind: 'tcp', host: 'gpu1', port: 2376, source: 'DOCKER_HOST', tls: { verify: true, caFile: '/certs/ca.pem' } }), {
      DOCKER_HOST: 'tcp://gpu1:2376',
      DOCKER_CONTEXT: null,
      DOCKER_TLS_VERIFY: '1',
      DOCKER_CERT_PATH: '/certs',
    });
  });

  it('opens a published port on this machine, or on the engine’s host when it is remote', () => {
    const port = { hostIp: '0.0.0.0', hostPort: 16006, containerPort: 6006, protocol: 'tcp' };
    assert.equal(portUrl(port, { kind: 'unix', socketPath: '/s', source: 'default' }), 'http://localhost:16006');
    assert.equal(portUrl(port, { kind: 'tcp', host: 'gpu1', port: 2375, source: 'setting' }), 'http://gpu1:16006');
    assert.equal(portUrl({ ...port, hostIp: '127.0.0.1', containerPort: 443 }, { kind: 'unix', socketPath: '/s', source: 'default' }), 'https://127.0.0.1:16006');
  });
});

describe('human timestamps', () => {
  it('turn the engine’s nanosecond RFC 3339 and Unix seconds into minutes and an age', () => {
    assert.equal(humanTime('2026-11-29T05:59:01.123456789Z', NOW), '2026-11-29 05:59 UTC (3 days ago)');
    assert.equal(humanTime(NOW / 1000 - 30, NOW), '2026-12-02 05:59 UTC (just now)');
    assert.equal(humanTime('not a date', NOW), 'not a date');
  });
});

describe('the create-network wizard’s default subnet', () => {
  it('is the first /24 no live network overlaps, so accepting it works', () => {
    assert.equal(freeSubnet([]), '10.20.0.0/24');
    const live = ['10.20.0.0/16', '10.21.0.0/24', '172.17.0.0/16'];
    const free = freeSubnet(live)!;
    assert.equal(free, '10.22.0.0/24');
    assert.equal(validateSubnet(free, live.map((subnet) => ({ network: 'x', subnet }))), undefined);
    assert.equal(firstHost(free), '10.22.0.1');
    assert.equal(freeSubnet(['10.0.0.0/8', '192.168.0.0/16']), undefined);
  });
});

describe('state nodes while the engine is down', () => {
  it('say that DockML retries by itself', () => {
    const nodes = buildFaultNodes({ kind: 'unreachable', title: 'Cannot reach the container engine', detail: 'x', endpoint: 'unix:///s' });
    const retry = nodes.find((n) => n.label === 'Retry')!;
    assert.equal(retry.description, 'automatic every second while a view is open');
  });
});
