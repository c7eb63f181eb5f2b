import { describe, expect, it } from 'vitest';
import { deployment, device } from '../test-support/builders.js';
import { affectedDevices, type FleetChange } from './affected.js';

const devices = [
  device('gw-berlin', { site: 'berlin' }),
  device('gw-paris', { site: 'paris' }),
  device('gw-lab', { site: 'lab', gpu: 'true' }),
];
const toBerlin = deployment('d1', 'vision', 'vision-1', 'site=berlin');
const toParis = deployment('d1', 'vision', 'vision-1', 'site=paris');
const deployments = [toBerlin, deployment('d2', 'vision', 'vision-2', 'gpu'), deployment('d3', 'bridge', 'bridge-1', 'site=paris')];

describe('affectedDevices', () => {
  it.each<[string, FleetChange, string[]]>([
    ['only the relabelled gateway', { kind: 'device-labels-changed', deviceId: 'gw-paris' }, ['gw-paris']],
    ['the gateways a created deployment selects', { kind: 'deployment-changed', after: toBerlin }, ['gw-berlin']],
    ['the gateways a deleted deployment selected', { kind: 'deployment-changed', before: toParis }, ['gw-paris']],
    ['the gateways selected before or after an update', { kind: 'deployment-changed', before: toBerlin, after: toParis }, ['gw-berlin', 'gw-paris']],
    ['the gateways of a deployment that was paused', { kind: 'deployment-changed', before: toBerlin, after: { ...toBerlin, state: 'paused' } }, ['gw-berlin']],
    ['no gateway for a deployment paused before and after', { kind: 'deployment-changed', before: { ...toBerlin, state: 'paused' }, after: { ...toParis, state: 'paused' } }, []],
    ['no gateway for a deployment selecting none', { kind: 'deployment-changed', after: deployment('d9', 'vision', 'vision-1', 'site=rome') }, []],
    ['every gateway for an empty selector', { kind: 'deployment-changed', after: deployment('d9', 'vision', 'vision-1') }, ['gw-berlin', 'gw-lab', 'gw-paris']],
    ['the gateways that ran a deleted app', { kind: 'app-deleted', appId: 'vision' }, ['gw-berlin', 'gw-lab']],
    ['no gateway for a deleted app nobody ran', { kind: 'app-deleted', appId: 'unused' }, []],
  ])('returns %s', (_behaviour, change, expected) => {
    expect(affectedDevices(change, devices, deployments)).toEqual(expected);
  });
});
