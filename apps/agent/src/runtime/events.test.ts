import { describe, expect, it } from 'vitest';
import { toRuntimeEvent, type DockerEvent } from './events.js';

const labels = { 'io.gantry.app': 'vision', 'io.gantry.service': 'camera', image: 'cam:1', name: 'gantry_vision_camera_x' };
const at = new Date('2025-03-01T12:00:00.123Z');

function dockerEvent(Action: string, attributes: Record<string, string> = {}): DockerEvent {
  return { Type: 'container', Action, Actor: { ID: 'c1', Attributes: { ...labels, ...attributes } }, time: 1740830400, timeNano: at.getTime() * 1e6 };
}

describe('toRuntimeEvent', () => {
  const base = { containerId: 'c1', appId: 'vision', service: 'camera', at };
  it.each([
    ['start', dockerEvent('start'), { type: 'start', ...base }],
    ['die with exit code', dockerEvent('die', { exitCode: '137' }), { type: 'die', ...base, exitCode: 137 }],
    ['oom', dockerEvent('oom'), { type: 'oom', ...base }],
    ['health as Docker 20.10 writes it', dockerEvent('health_status: healthy'), { type: 'health', ...base, health: 'healthy' }],
    ['health in attributes', dockerEvent('health_status', { health_status: 'unhealthy' }), { type: 'health', ...base, health: 'unhealthy' }],
    ['destroy', dockerEvent('destroy'), { type: 'destroy', ...base }],
    ['update', dockerEvent('update'), { type: 'update', ...base }],
  ])('maps %s', (_name, event, expected) => {
    expect(toRuntimeEvent(event)).toEqual(expected);
  });

  it.each([
    ['an action the agent does not follow', dockerEvent('exec_start: sh')],
    ['a container without Gantry labels', { Type: 'container', Action: 'start', Actor: { ID: 'c2', Attributes: { name: 'foreign' } } }],
    ['a non-container event', { ...dockerEvent('create'), Type: 'network' }],
  ])('ignores %s', (_name, event) => {
    expect(toRuntimeEvent(event)).toBeNull();
  });

  it('falls back to seconds when there is no timeNano', () => {
    const { timeNano: _, ...event } = dockerEvent('start');
    expect(toRuntimeEvent(event)?.at).toEqual(new Date(1740830400 * 1000));
  });
});
