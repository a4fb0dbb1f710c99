// Validation of create-network and create-volume input, done before anything reaches the engine.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  validateGateway,
  validateNetworkName,
  validateNetworkSpec,
  validateSubnet,
} from '../../client/src/explorer/networks/actions';
import { validateVolumeName } from '../../client/src/explorer/volumes/actions';

describe('name validation', () => {
  it('accepts Compose-style names and rejects the rest', () => {
    assert.equal(validateNetworkName('ml-net'), undefined);
    assert.equal(validateNetworkName('n'), undefined);
    assert.match(validateNetworkName('')!, /Enter a name/);
    assert.match(validateNetworkName('-bad')!, /starting with a letter or digit/);
    assert.match(validateNetworkName('has space')!, /letters, digits/);
    assert.equal(validateNetworkName('ml-net', ['ml-net']), 'A network named “ml-net” already exists.');
    assert.equal(validateVolumeName('model-weights'), undefined);
    assert.match(validateVolumeName('m')!, /at least two/);
    assert.equal(validateVolumeName('ckpt', ['ckpt']), 'A volume named “ckpt” already exists.');
  });
});

describe('subnet validation', () => {
  const live = [{ network: 'ml_data', subnet: '10.30.0.0/24' }];

  it('accepts an empty subnet (the engine chooses) and proper CIDRs', () => {
    assert.equal(validateSubnet(''), undefined);
    assert.equal(validateSubnet('10.20.0.0/16', live), undefined);
    assert.equal(validateSubnet('fd00:ab::/64'), undefined);
  });

  it('rejects malformed subnets, host bits and tiny prefixes', () => {
    assert.match(validateSubnet('10.20.0.0')!, /CIDR form/);
    assert.match(validateSubnet('300.1.1.0/24')!, /CIDR form/);
    assert.match(validateSubnet('10.20.0.0/33')!, /CIDR form/);
    assert.equal(validateSubnet('10.20.0.5/24'), '10.20.0.5/24 has host bits set; the network address is 10.20.0.0/24.');
    assert.match(validateSubnet('10.20.0.0/31')!, /no address for containers/);
  });

  it('rejects a subnet that overlaps a live network', () => {
    assert.equal(validateSubnet('10.30.0.0/16', live), '10.30.0.0/16 overlaps 10.30.0.0/24 of network “ml_data”.');
    assert.equal(validateSubnet('10.30.0.128/25', live), '10.30.0.128/25 overlaps 10.30.0.0/24 of network “ml_data”.');
    assert.equal(validateSubnet('10.31.0.0/24', live), undefined);
  });

  it('checks that a gateway sits inside the subnet', () => {
    assert.equal(validateGateway('', '10.20.0.0/24'), undefined);
    assert.equal(validateGateway('10.20.0.1', '10.20.0.0/24'), undefined);
    assert.equal(validateGateway('10.21.0.1', '10.20.0.0/24'), '10.21.0.1 is not inside 10.20.0.0/24.');
    assert.match(validateGateway('10.20.0.255', '10.20.0.0/24')!, /broadcast/);
    assert.match(validateGateway('10.20.0.1', '')!, /needs a subnet/);
    assert.match(validateGateway('fd00::1', '10.20.0.0/24')!, /both be IPv4 or both IPv6/);
  });

  it('collects every problem of a network spec', () => {
    const problems = validateNetworkSpec(
      { name: 'ml_data', driver: 'host', internal: true, attachable: false, subnet: '10.30.0.0/24', gateway: '10.99.0.1' },
      { names: ['ml_data'], subnets: live },
    );
    assert.deepEqual(problems, [
      'A network named “ml_data” already exists.',
      'Choose one of the drivers bridge, overlay, macvlan, ipvlan.',
      '10.30.0.0/24 overlaps 10.30.0.0/24 of network “ml_data”.',
      '10.99.0.1 is not inside 10.30.0.0/24.',
    ]);
  });
});
