// The GPU requests of Compose services, as Compose resolves them, the words hovers use for them, the YAML edits the
// GPU fixes share, and the GPU rules on the fixtures under test/fixtures/gpu.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { Pair, YAMLMap } from 'yaml';
import {
  describeGpuRequest, deviceRequests, gpuRequestAt, GpuRequest, gpuRequests, readCount, removePair, sequenceIndent,
} from '../../server/src/compose/gpu';
import { ComposeModel } from '../../server/src/compose/model';
import { analyze } from '../../server/src/analysis/diagnostics';
import { DiskFileHost } from '../../server/src/analysis/documents';
import { rule as countWithDeviceIds } from '../../server/src/rules/compose/gpu-count-with-device-ids';
import { rule as devicesInLimits } from '../../server/src/rules/compose/gpu-devices-in-limits';
import { rule as invalidCount } from '../../server/src/rules/compose/gpu-invalid-count';
import { rule as legacyRuntime } from '../../server/src/rules/compose/gpu-legacy-runtime';
import { rule as missingCapabilities } from '../../server/src/rules/compose/gpu-missing-capabilities';
import { rule as withoutCudaImage } from '../../server/src/rules/compose/gpu-service-without-cuda-image';
import { rule as trainingShmSize } from '../../server/src/rules/compose/gpu-training-shm-size';
import { applyEdits } from '../../server/src/text';

function requestsOf(text: string, service = 0): { model: ComposeModel; requests: readonly GpuRequest[] } {
  const model = new ComposeModel(text);
  return { model, requests: model.services[service] ? gpuRequests(model, model.services[service]) : [] };
}

/** The fields hovers and rules read, without nodes and ranges. */
function summary(r: GpuRequest) {
  return { source: r.source, vendor: r.vendor, count: r.count, deviceIds: r.deviceIds, capabilities: r.capabilities, merged: r.merged };
}

const deploy = (entry: string) => `services:\n  t:\n    image: x\n    deploy:\n      resources:\n        reservations:\n          devices:\n${entry}`;

describe('gpuRequests', () => {
  it('reads a device reservation; count defaults to all', () => {
    const { requests } = requestsOf(deploy('            - driver: nvidia\n              capabilities: [gpu]\n'));
    assert.deepEqual(requests.map(summary), [{ source: 'deploy', vendor: 'nvidia', count: 'all', deviceIds: undefined, capabilities: ['gpu'], merged: false }]);
  });

  it('counts device_ids as strings, whatever the YAML type', () => {
    const { requests } = requestsOf(deploy('            - capabilities: [gpu]\n              device_ids: [0, "1"]\n'));
    assert.deepEqual(requests.map(summary), [{ source: 'deploy', vendor: undefined, count: 2, deviceIds: ['0', '1'], capabilities: ['gpu'], merged: false }]);
  });

  it('reads quoted, upper-case and interpolated counts as Compose does', () => {
    const count = (value: string) => requestsOf(deploy(`            - capabilities: [gpu]\n              count: ${value}\n`)).requests[0].count;
    assert.equal(count('"2"'), 2);
    assert.equal(count('ALL'), 'all');
    assert.equal(count('-1'), 'all');
    assert.equal(count('0'), 0);
    assert.equal(count('${N:-1}'), undefined);
    assert.equal(count('1.5'), undefined);
  });

  it('leaves out device reservations that are not GPUs', () => {
    assert.deepEqual(requestsOf(deploy('            - capabilities: [tpu]\n              count: 2\n')).requests, []);
    assert.equal(requestsOf(deploy('            - capabilities: [compute, utility]\n')).requests[0].vendor, 'nvidia');
    assert.equal(requestsOf(deploy('            - driver: amd\n              capabilities: [gpu]\n')).requests[0].vendor, 'amd');
  });

  it('reads gpus: all and gpus: lists, adding the gpu capability Compose adds', () => {
    assert.deepEqual(requestsOf('services:\n  t:\n    gpus: all\n').requests.map(summary), [
      { source: 'gpus', vendor: undefined, count: 'all', deviceIds: undefined, capabilities: ['gpu'], merged: false },
    ]);
    assert.deepEqual(requestsOf('services:\n  t:\n    gpus:\n      - driver: nvidia\n        count: 1\n').requests.map(summary), [
      { source: 'gpus', vendor: 'nvidia', count: 1, deviceIds: undefined, capabilities: ['gpu'], merged: false },
    ]);
    assert.deepEqual(requestsOf('services:\n  t:\n    gpus: 2\n').requests, []);
  });

  it('reads CDI device names', () => {
    const { requests } = requestsOf('services:\n  t:\n    devices:\n      - nvidia.com/gpu=all\n      - nvidia.com/gpu=1\n      - /dev/snd:/dev/snd\n');
    assert.deepEqual(requests.map((r) => [r.source, r.count, r.deviceIds]), [['cdi', 'all', undefined], ['cdi', 1, ['1']]]);
  });

  it('reads the legacy runtime and NVIDIA_VISIBLE_DEVICES in both environment forms', () => {
    const map = requestsOf('services:\n  t:\n    runtime: nvidia\n    environment:\n      NVIDIA_VISIBLE_DEVICES: "0,1"\n').requests;
    assert.deepEqual(map.map((r) => [r.source, r.count, r.deviceIds]), [['runtime', undefined, undefined], ['environment', 2, ['0', '1']]]);
    const list = requestsOf('services:\n  t:\n    environment:\n      - NVIDIA_VISIBLE_DEVICES=all\n').requests;
    assert.deepEqual(list.map((r) => [r.source, r.count]), [['environment', 'all']]);
    assert.deepEqual(requestsOf('services:\n  t:\n    environment:\n      - NVIDIA_VISIBLE_DEVICES=void\n').requests, []);
    assert.equal(requestsOf('services:\n  t:\n    environment:\n      NVIDIA_VISIBLE_DEVICES: ${GPUS}\n').requests[0].count, undefined);
  });

  it('follows merge keys and aliases, and says when a request is inherited', () => {
    const model = new ComposeModel(
      'x-gpu: &gpu\n  deploy:\n    resources:\n      reservations:\n        devices:\n          - capabilities: [gpu]\n            count: 1\n' +
        'x-one: &one {capabilities: [gpu], device_ids: ["3"]}\n' +
        'services:\n  a:\n    <<: *gpu\n  b:\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - *one\n',
    );
    assert.deepEqual(gpuRequests(model, model.services[0]).map((r) => [r.count, r.merged]), [[1, true]]);
    assert.deepEqual(gpuRequests(model, model.services[1]).map((r) => [r.count, r.deviceIds, r.merged]), [[1, ['3'], false]]);
  });

  it('never throws on half-typed files', () => {
    for (const text of ['services:', 'services:\n  a:', 'services:\n  a:\n    gpus:', 'services:\n  a:\n    deploy:\n      resources:\n        reservations:\n          devices:\n            -', 'services:\n  a:\n    environment:\n      - ', 'services: [1]']) {
      const model = new ComposeModel(text);
      for (const service of model.services) gpuRequests(model, service);
    }
  });
});

describe('deviceRequests', () => {
  it('keeps entries without capabilities, which rules report', () => {
    const model = new ComposeModel(deploy('            - driver: nvidia\n              count: 1\n'));
    const [device] = deviceRequests(model, model.services[0]);
    assert.equal(device.capabilities, undefined);
    assert.equal(device.gpu, true);
    assert.deepEqual(device.count, { text: '1', value: 1, interpolated: false });
  });
});

describe('readCount', () => {
  const read = (value: string) => {
    const model = new ComposeModel(`count: ${value}\n`);
    return readCount(model, (model.doc.contents as YAMLMap).items[0].value as never);
  };
  it('tells what Compose accepts from what it rejects', () => {
    assert.deepEqual(read('4'), { text: '4', value: 4, interpolated: false });
    assert.deepEqual(read("'all'"), { text: 'all', value: 'all', interpolated: false });
    assert.deepEqual(read('0'), { text: '0', value: 0, problem: 'zero', interpolated: false });
    assert.deepEqual(read('-2'), { text: '-2', value: 'all', problem: 'negative', interpolated: false });
    assert.deepEqual(read('2.0'), { text: '2.0', problem: 'invalid', interpolated: false });
    assert.deepEqual(read('two'), { text: 'two', problem: 'invalid', interpolated: false });
    assert.deepEqual(read(''), { text: '', problem: 'invalid', interpolated: false });
    assert.deepEqual(read('"${COUNT}"'), { text: '${COUNT}', interpolated: true });
  });
});

describe('describeGpuRequest', () => {
  const describeFirst = (text: string) => describeGpuRequest(requestsOf(text).requests[0]);
  it('says how many GPUs and which', () => {
    assert.equal(describeFirst(deploy('            - driver: nvidia\n              device_ids: ["0", "1"]\n              capabilities: [gpu]\n')), 'Reserves 2 NVIDIA GPUs: devices 0 and 1.');
    assert.equal(describeFirst(deploy('            - driver: nvidia\n              count: 1\n              capabilities: [gpu]\n')), 'Reserves 1 NVIDIA GPU.');
    assert.equal(describeFirst(deploy('            - capabilities: [gpu]\n')), 'Reserves all GPUs of the host.');
    assert.equal(describeFirst(deploy('            - capabilities: [gpu]\n              count: ${N}\n')), 'Reserves GPUs; their number, `${N}`, is set by a variable.');
    assert.equal(describeFirst('services:\n  t:\n    gpus: all\n'), 'Gives the container all GPUs of the host.');
    assert.equal(describeFirst('services:\n  t:\n    environment:\n      - NVIDIA_VISIBLE_DEVICES=0,2,3\n'), 'Exposes NVIDIA GPUs 0, 2 and 3 through `NVIDIA_VISIBLE_DEVICES`, which only the NVIDIA runtime reads.');
    assert.match(describeFirst('services:\n  t:\n    runtime: nvidia\n'), /legacy NVIDIA runtime/);
  });

  it('finds the request under the cursor', () => {
    const text = deploy('            - driver: nvidia\n              count: 2\n              capabilities: [gpu]\n');
    const model = new ComposeModel(text);
    assert.equal(gpuRequestAt(model, text.indexOf('count: 2'))?.count, 2);
    assert.equal(gpuRequestAt(model, text.indexOf('image')), undefined);
  });
});

describe('YAML edits', () => {
  it('reads the indent unit and the list style of the file', () => {
    assert.equal(new ComposeModel('services:\n    a:\n        image: x\n').indentUnit, 4);
    assert.equal(new ComposeModel('services:\n  a: {image: x}\n').indentUnit, 2);
    assert.equal(sequenceIndent(new ComposeModel('services:\n  a:\n    ports:\n    - 80\n')), 0);
    assert.equal(sequenceIndent(new ComposeModel('services:\n  a:\n    ports:\n      - 80\n')), 2);
  });

  it('removes a pair from block and flow mappings', () => {
    const remove = (text: string, path: (doc: YAMLMap) => YAMLMap, key: string) => {
      const model = new ComposeModel(text);
      const map = path(model.doc.contents as YAMLMap);
      const pair = map.items.find((p) => String((p.key as { value: unknown }).value) === key) as Pair<never, never>;
      const edit = removePair(model, map, pair);
      return edit && applyEdits(text, [edit]);
    };
    assert.equal(remove('a: 1\nb:\n  - x\nc: 3\n', (m) => m, 'b'), 'a: 1\nc: 3\n');
    assert.equal(remove('a: {x: 1, y: 2, z: 3}\n', (m) => m.items[0].value as YAMLMap, 'y'), 'a: {x: 1, z: 3}\n');
    assert.equal(remove('a: {x: 1, y: 2}\n', (m) => m.items[0].value as YAMLMap, 'y'), 'a: {x: 1}\n');
    const item = (m: YAMLMap) => {
      const seq = m.items[0].value as { items: unknown[] };
      return seq.items[0] as YAMLMap;
    };
    assert.equal(remove('l:\n  - x: 1\n    y: 2\n', item, 'x'), 'l:\n  - y: 2\n');
    assert.equal(remove('l:\n  - x: 1\n', item, 'x'), undefined);
  });
});

describe('GPU fixtures', () => {
  const FIXTURES = path.join(__dirname, '..', 'fixtures', 'gpu');
  const rules = [missingCapabilities, countWithDeviceIds, invalidCount, devicesInLimits, legacyRuntime, withoutCudaImage, trainingShmSize];
  const lint = (name: string) => {
    const file = path.join(FIXTURES, name, 'compose.yaml');
    const { findings, failures } = analyze({ kind: 'compose', text: fs.readFileSync(file, 'utf8'), path: file, files: new DiskFileHost(), rules, severity: (r) => r.severity });
    assert.deepEqual(failures, []);
    return findings.map((f) => `${f.range.start.line + 1} ${f.rule}`);
  };

  it('finds nothing in the well-formed stacks', () => {
    for (const name of ['training', 'inference', 'llm-serving', 'multi-gpu']) assert.deepEqual(lint(name), [], name);
  });

  it('finds every mistake in the broken stack, once', () => {
    assert.deepEqual(lint('broken'), [
      '9 gpu-missing-capabilities',
      '19 gpu-count-with-device-ids',
      '30 gpu-invalid-count',
      '35 gpu-invalid-count',
      '43 gpu-devices-in-limits',
      '50 gpu-legacy-runtime',
      '53 gpu-service-without-cuda-image',
      '58 gpu-service-without-cuda-image',
      '61 gpu-training-shm-size',
    ]);
  });

  it('finds the legacy runtime in the nvidia-docker2 stack', () => {
    assert.deepEqual(lint('legacy'), ['6 gpu-legacy-runtime', '13 gpu-legacy-runtime']);
  });

  it('describes the requests of the LLM stack', () => {
    const model = new ComposeModel(fs.readFileSync(path.join(FIXTURES, 'llm-serving', 'compose.yaml'), 'utf8'));
    assert.deepEqual(
      model.services.flatMap((s) => gpuRequests(model, s).map((r) => `${s.name}: ${describeGpuRequest(r)}`)),
      [
        'vllm: Reserves 2 NVIDIA GPUs: devices 0 and 1.',
        'tgi: Gives the container 1 NVIDIA GPU: device 2.',
        'triton: Gives the container 1 NVIDIA GPU.',
        'ollama: Gives the container all GPUs of the host.',
      ],
    );
  });
});
