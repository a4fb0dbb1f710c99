// Endpoint resolution, checked in the order the issue gives: setting, DOCKER_HOST, Docker context, platform default.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { describeEndpoint, EndpointError, EndpointInputs, resolveEndpoint } from '../../client/src/explorer/endpoint';

const home = '/home/ada';

function inputs(over: Partial<EndpointInputs> & { files?: Record<string, string> } = {}): EndpointInputs {
  const files = over.files ?? {};
  return {
    setting: over.setting,
    env: over.env ?? {},
    platform: over.platform ?? 'linux',
    homedir: home,
    readFile: (f) => files[f],
    exists: over.exists ?? ((f) => f in files),
  };
}

function contextFiles(name: string, host: string, extra: Record<string, string> = {}, configDir = `${home}/.docker`): Record<string, string> {
  const hash = createHash('sha256').update(name).digest('hex');
  return {
    [`${configDir}/config.json`]: JSON.stringify({ currentContext: name }),
    [`${configDir}/contexts/meta/${hash}/meta.json`]: JSON.stringify({ Name: name, Endpoints: { docker: { Host: host, SkipTLSVerify: false } } }),
    ...extra,
  };
}

describe('resolveEndpoint', () => {
  it('prefers the dockml.docker.host setting over everything else', () => {
    const e = resolveEndpoint(inputs({ setting: 'unix:///run/user/1000/podman/podman.sock', env: { DOCKER_HOST: 'tcp://x:2375' }, files: contextFiles('remote', 'tcp://y:2375') }));
    assert.deepEqual(e, { kind: 'unix', socketPath: '/run/user/1000/podman/podman.sock', source: 'setting', context: undefined });
    assert.equal(describeEndpoint(e), 'unix:///run/user/1000/podman/podman.sock (dockml.docker.host)');
  });

  it('accepts a bare socket path in the setting', () => {
    assert.deepEqual(resolveEndpoint(inputs({ setting: '/tmp/d.sock' })), { kind: 'unix', socketPath: '/tmp/d.sock', source: 'setting', context: undefined });
  });

  it('reads DOCKER_HOST next: unix, tcp, ssh', () => {
    assert.equal(describeEndpoint(resolveEndpoint(inputs({ env: { DOCKER_HOST: 'unix:///tmp/x/docker.sock' } }))), 'unix:///tmp/x/docker.sock (DOCKER_HOST)');
    const tcp = resolveEndpoint(inputs({ env: { DOCKER_HOST: 'tcp://10.0.0.5:2375' } }));
    assert.deepEqual(tcp, { kind: 'tcp', host: '10.0.0.5', port: 2375, tls: undefined, source: 'DOCKER_HOST', context: undefined });
    const ssh = resolveEndpoint(inputs({ env: { DOCKER_HOST: 'ssh://ml@gpu-box:2222' } }));
    assert.deepEqual(ssh, { kind: 'ssh', host: 'gpu-box', port: 2222, user: 'ml', source: 'DOCKER_HOST', context: undefined });
    assert.equal(describeEndpoint(ssh), 'ssh://ml@gpu-box:2222 (DOCKER_HOST)');
  });

  it('turns TLS on for DOCKER_TLS_VERIFY and reads certificates from DOCKER_CERT_PATH', () => {
    const files = { '/certs/ca.pem': 'ca', '/certs/cert.pem': 'c', '/certs/key.pem': 'k' };
    const e = resolveEndpoint(inputs({ env: { DOCKER_HOST: 'tcp://gpu:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/certs' }, files }));
    assert.deepEqual(e, {
      kind: 'tcp',
      host: 'gpu',
      port: 2376,
      tls: { caFile: '/certs/ca.pem', certFile: '/certs/cert.pem', keyFile: '/certs/key.pem', verify: true },
      source: 'DOCKER_HOST',
      context: undefined,
    });
    assert.equal(describeEndpoint(e), 'https://gpu:2376 (DOCKER_HOST)');
  });

  it('defaults the TLS certificate folder to ~/.docker', () => {
    const files = { [`${home}/.docker/ca.pem`]: 'ca' };
    const e = resolveEndpoint(inputs({ env: { DOCKER_HOST: 'tcp://gpu:2376', DOCKER_TLS_VERIFY: '1' }, files }));
    assert.equal(e.kind === 'tcp' && e.tls?.caFile, `${home}/.docker/ca.pem`);
  });

  it('uses the current context from config.json and its meta.json', () => {
    const e = resolveEndpoint(inputs({ files: contextFiles('gpu-box', 'ssh://ml@gpu-box') }));
    assert.deepEqual(e, { kind: 'ssh', host: 'gpu-box', port: 22, user: 'ml', source: 'context', context: 'gpu-box' });
    assert.equal(describeEndpoint(e), 'ssh://ml@gpu-box (context gpu-box)');
  });

  it('lets DOCKER_CONTEXT pick the context and DOCKER_CONFIG move the config folder', () => {
    const files = contextFiles('lab', 'unix:///srv/lab.sock', {}, '/etc/dockercfg');
    const e = resolveEndpoint(inputs({ env: { DOCKER_CONTEXT: 'lab', DOCKER_CONFIG: '/etc/dockercfg' }, files }));
    assert.deepEqual(e, { kind: 'unix', socketPath: '/srv/lab.sock', source: 'context', context: 'lab' });
  });

  it('reads a tcp context TLS material from contexts/tls', () => {
    const hash = createHash('sha256').update('secure').digest('hex');
    const tlsDir = `${home}/.docker/contexts/tls/${hash}/docker`;
    const files = contextFiles('secure', 'tcp://gpu:2376', { [`${tlsDir}/ca.pem`]: 'ca', [`${tlsDir}/cert.pem`]: 'c', [`${tlsDir}/key.pem`]: 'k' });
    const e = resolveEndpoint(inputs({ files }));
    assert.equal(e.kind, 'tcp');
    assert.deepEqual(e.kind === 'tcp' && e.tls, { caFile: `${tlsDir}/ca.pem`, certFile: `${tlsDir}/cert.pem`, keyFile: `${tlsDir}/key.pem`, verify: true });
  });

  it('treats the "default" context as no context', () => {
    const e = resolveEndpoint(inputs({ files: { [`${home}/.docker/config.json`]: '{"currentContext":"default"}', '/var/run/docker.sock': '' } }));
    assert.deepEqual(e, { kind: 'unix', socketPath: '/var/run/docker.sock', source: 'default' });
  });

  it('falls back to the first default socket that exists, Podman included', () => {
    const e = resolveEndpoint(inputs({ env: { XDG_RUNTIME_DIR: '/run/user/1000' }, files: { '/run/user/1000/podman/podman.sock': '' } }));
    assert.deepEqual(e, { kind: 'unix', socketPath: '/run/user/1000/podman/podman.sock', source: 'default' });
    assert.deepEqual(resolveEndpoint(inputs()), { kind: 'unix', socketPath: '/var/run/docker.sock', source: 'default' });
    assert.deepEqual(resolveEndpoint(inputs({ platform: 'win32' })), { kind: 'npipe', pipePath: '//./pipe/docker_engine', source: 'default' });
  });

  it('says what is wrong with an unusable address', () => {
    assert.throws(() => resolveEndpoint(inputs({ setting: 'docker.local' })), (e: unknown) => e instanceof EndpointError && e.source === 'setting' && /not an engine address/.test(e.message));
    assert.throws(() => resolveEndpoint(inputs({ env: { DOCKER_HOST: 'ftp://x' } })), /unsupported scheme "ftp"/);
    assert.throws(() => resolveEndpoint(inputs({ files: { [`${home}/.docker/config.json`]: '{"currentContext":"gone"}' } })), /context "gone" has no readable docker endpoint/);
  });
});
