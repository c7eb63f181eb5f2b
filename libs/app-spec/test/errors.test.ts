import { describe, expect, it } from 'vitest';
import { importCompose, parseAppSpec } from '../src/index.js';
import { expectErrors, show } from './helpers.js';

function composeErrors(text: string): string[] {
  return expectErrors(importCompose(text, { name: 'app' })).map((e) => `${e.line ?? '?'} ${show(e)}`);
}

function nativeErrors(text: string): string[] {
  return expectErrors(parseAppSpec(text)).map((e) => `${e.line ?? '?'} ${show(e)}`);
}

describe('compose import errors point at the field and say what is wrong', () => {
  it('rejects a size it cannot read', () => {
    expect(
      composeErrors(`services:
  web:
    image: nginx
    deploy:
      resources:
        limits:
          memory: 12 parsecs
`),
    ).toEqual(['7 services.web.deploy.resources.limits.memory: "12 parsecs" is not a size (use 512m, 1g, 512Mi)']);
  });

  it('rejects a CPU amount it cannot read', () => {
    expect(composeErrors('services:\n  web:\n    image: nginx\n    cpus: lots\n')).toEqual([
      '4 services.web.cpus: "lots" is not a CPU amount (use 0.5, "1.5" or 500m)',
    ]);
  });

  it('rejects a duration it cannot read, and one without a unit', () => {
    expect(
      composeErrors(`services:
  web:
    image: nginx
    healthcheck:
      test: ["CMD", "true"]
      interval: 30 seconds
      timeout: 10
`),
    ).toEqual([
      '6 services.web.healthcheck.interval: "30 seconds" is not a duration (use a Go-style duration such as 30s, 1m30s, 1h2m or 500ms)',
    ]);
    expect(composeErrors('services:\n  web:\n    image: nginx\n    healthcheck:\n      timeout: 10\n')).toEqual([
      '5 services.web.healthcheck.timeout: 10 needs a unit (e.g. "10s")',
    ]);
  });

  it.each([
    ['"8080:80:90:100"', 'services.web.ports[0]: "8080:80:90:100" is not a port mapping'],
    ['"70000:80"', 'services.web.ports[0]: "70000:80" is not a port mapping'],
    ['"8080:http"', 'services.web.ports[0]: "8080:http" is not a port mapping'],
    ['"80/quic"', 'services.web.ports[0]: "quic" is not a protocol (use tcp, udp or sctp)'],
    ['"9000-9002:80"', 'services.web.ports[0]: the published and target port ranges must have the same length'],
    ['"1-5000"', 'services.web.ports[0]: publishes 5000 ports; at most 1000 per entry'],
    ['"300.1.1.1:80:80"', 'services.web.ports[0]: "300.1.1.1" is not an IP address to publish on'],
    ['{target: 0}', 'services.web.ports[0].target: 0 is not a port (1-65535)'],
    ['{published: 80}', 'services.web.ports[0].target: a port needs a target (the port inside the container)'],
  ])('rejects the bad port %s', (port, message) => {
    const errors = composeErrors(`services:\n  web:\n    image: nginx\n    ports:\n      - ${port}\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`5 ${message}`);
  });

  it.each([
    ['Nginx', 'services.web.image: "Nginx": repository "Nginx" is not valid'],
    ['nginx:1.0@sha256:abc', 'services.web.image: "nginx:1.0@sha256:abc": digest "sha256:abc" is not valid (use sha256: followed by 64 lowercase hex digits)'],
    ['"nginx:"', 'services.web.image: "nginx:": tag "" is not valid'],
  ])('rejects the bad image reference %s', (image, message) => {
    const errors = composeErrors(`services:\n  web:\n    image: ${image}\n`);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(`3 ${message}`);
  });

  it('rejects an unknown restart policy', () => {
    expect(composeErrors('services:\n  web:\n    image: nginx\n    restart: sometimes\n')).toEqual([
      '4 services.web.restart: "sometimes" is not a restart policy (use no, always, on-failure, on-failure:5 or unless-stopped)',
    ]);
    expect(composeErrors('services:\n  web:\n    image: nginx\n    restart: always:3\n')).toHaveLength(1);
  });

  it('rejects depends_on naming a service the app does not define', () => {
    expect(composeErrors('services:\n  web:\n    image: nginx\n    depends_on: [db]\n')).toEqual([
      "4 services.web.depends_on.db: depends on service 'db', which this app does not define",
    ]);
  });

  it('rejects an unknown dependency condition', () => {
    expect(
      composeErrors('services:\n  db: {image: postgres}\n  web:\n    image: nginx\n    depends_on:\n      db: {condition: service_ready}\n'),
    ).toEqual([
      '6 services.web.depends_on.db.condition: "service_ready" is not a condition (use service_started, service_healthy or service_completed_successfully)',
    ]);
  });

  it('rejects a dependency cycle, naming the services in it', () => {
    expect(
      composeErrors(`services:
  a: {image: x, depends_on: [b]}
  b: {image: x, depends_on: [c]}
  c: {image: x, depends_on: [a]}
`),
    ).toEqual(['2 services.a.depends_on: dependency cycle: a -> b -> c -> a; no service in it could start first']);
  });

  it('rejects a gateway port published twice, across services too', () => {
    expect(
      composeErrors(`services:
  a:
    image: x
    ports: ["8080:80"]
  b:
    image: y
    ports: ["127.0.0.1:8080:81", "8081:81/udp", "8081:82/tcp"]
`),
    ).toEqual([
      "7 services.b.ports[0]: port 8080/tcp is already published by service 'a'; each gateway port can be published once",
    ]);
    expect(composeErrors('services:\n  a:\n    image: x\n    ports: ["80:80", "80:8080"]\n')).toEqual([
      '4 services.a.ports[1]: port 80/tcp is already published earlier in this service; each gateway port can be published once',
    ]);
  });

  it('rejects a mount of a volume the file does not declare', () => {
    expect(composeErrors('services:\n  a:\n    image: x\n    volumes: ["data:/data"]\n')).toEqual([
      "4 services.a.volumes[0]: volume 'data' is not declared under the app's volumes",
    ]);
  });

  it('rejects a YAML syntax error with its line and column', () => {
    const errors = expectErrors(importCompose('services:\n  web:\n    image: nginx\n   ports: [80\n', { name: 'app' }));
    expect(errors[0]?.path).toBe('');
    expect(errors[0]?.message).toMatch(/^YAML syntax error: .* \(line \d+, column \d+\)$/);
    expect(errors[0]?.line).toBe(4);
  });

  it('rejects duplicate keys, which YAML forbids', () => {
    const errors = expectErrors(importCompose('services:\n  web:\n    image: a\n    image: b\n', { name: 'app' }));
    expect(errors[0]?.message).toContain('Map keys must be unique');
    expect(errors[0]?.line).toBe(4);
  });

  it.each([
    ['a list', '- a\n- b\n', '1'],
    ['a string', 'just words\n', '1'],
    ['null', 'null\n', '1'],
    ['empty', '', '?'],
  ])('rejects a document that is %s instead of a map', (_what, text, line) => {
    expect(composeErrors(text)).toEqual([`${line} : a compose file must be a map with a services: section`]);
  });

  it('rejects a file without services or with an empty services map', () => {
    expect(composeErrors('version: "3"\n')).toEqual(['1 services: an app needs at least one service']);
    expect(composeErrors('services: {}\n')).toEqual(['1 services: an app needs at least one service']);
  });

  it('rejects a service without an image, saying it cannot build one', () => {
    expect(composeErrors('services:\n  web:\n    build: .\n')).toEqual([
      '2 services.web.image: is required: Gantry runs prebuilt images and cannot build one, so add image: <repo>:<tag>',
    ]);
  });

  it('rejects a missing app name', () => {
    expect(expectErrors(importCompose('services: {a: {image: x}}')).map(show)).toEqual([
      ': the app needs a name: pass one to the import or add name: at the top of the file',
    ]);
    const bad = expectErrors(importCompose('name: Bad Name\nservices: {a: {image: x}}'));
    expect(bad.map((e) => `${e.line ?? '?'} ${show(e)}`)).toEqual([
      '1 name: must be 1-63 lowercase letters, digits, - or _, starting with a letter or digit',
    ]);
  });

  it('rejects conflicting values for the same cap', () => {
    expect(
      composeErrors(`services:
  a:
    image: x
    mem_limit: 512m
    deploy: {resources: {limits: {memory: 256m}}}
`),
    ).toEqual(['4 services.a.mem_limit: conflicts with services.a.deploy.resources.limits.memory (268435456); give the value once']);
  });

  it('rejects a memory reservation above the limit and swap below it', () => {
    expect(composeErrors('services:\n  a:\n    image: x\n    mem_limit: 256m\n    mem_reservation: 512m\n    memswap_limit: 128m\n')).toEqual([
      '5 services.a.mem_reservation: the memory reservation cannot exceed the memory limit',
      '6 services.a.memswap_limit: memory+swap cannot be less than the memory limit (it counts memory and swap together)',
    ]);
  });

  it('rejects labels in the io.gantry namespace, which the agent owns', () => {
    expect(composeErrors('services:\n  a:\n    image: x\n    labels: {io.gantry.app: other}\n')).toEqual([
      '4 services.a.labels["io.gantry.app"]: key "io.gantry.app": labels starting with io.gantry. are reserved for the Gantry agent',
    ]);
  });

  it('rejects home-relative binds, unknown mount types and bad device strings', () => {
    expect(
      composeErrors(`services:
  a:
    image: x
    volumes: ["~/data:/data", {type: npipe, source: x, target: /y}]
    devices: ["ttyUSB0"]
    network_mode: container:abc
    pid: container:abc
`),
    ).toEqual([
      '4 services.a.volumes[0]: "~/data": a gateway has no home directory to expand ~ in; use an absolute path',
      '4 services.a.volumes[1].type: "npipe" is not a mount type Gantry supports (volume, bind or tmpfs)',
      '5 services.a.devices[0]: "ttyUSB0" is not a device path; map a device node such as /dev/ttyUSB0 (CDI names are not supported)',
      '6 services.a.network_mode: "container:abc" is not a network mode Gantry supports (host, none, bridge or service:<name>)',
      '7 services.a.pid: "container:abc" is not supported by Gantry (use host, or leave it out)',
    ]);
  });

  it('reports every error of a file at once', () => {
    expect(
      composeErrors(`services:
  a:
    image: x
    mem_limit: huge
    restart: sometimes
    ports: ["http"]
`),
    ).toHaveLength(3);
  });
});

describe('native manifest errors point at the field and say what is wrong', () => {
  it('rejects unknown keys, naming each, at its line', () => {
    expect(nativeErrors('name: app\nservices:\n  web:\n    imgae: nginx\n')).toEqual([
      '3 services.web.image: is required (a string)',
      "4 services.web.imgae: unknown key 'imgae'",
    ]);
  });

  it('rejects wrong types, values and quantities', () => {
    expect(
      nativeErrors(`name: app
services:
  web:
    image: nginx
    ports: [{target: "80"}]
    restart: {policy: sometimes}
    resources: {memoryBytes: 12 parsecs, nanoCpus: -1}
    healthcheck: {test: [CMD, "true"], intervalMs: soon}
    volumes: [{type: nfs, target: /x}]
`),
    ).toEqual([
      '7 services.web.resources.memoryBytes: "12 parsecs" is not a size (use 512m, 1g, 512Mi)',
      '8 services.web.healthcheck.intervalMs: "soon" is not a duration (use a Go-style duration such as 30s, 1m30s, 1h2m or 500ms)',
      '5 services.web.ports[0].target: "80" is not a number',
      '9 services.web.volumes[0].type: "nfs" is not one of volume, bind, tmpfs',
      '6 services.web.restart.policy: "sometimes" is not one of no, always, on-failure, unless-stopped',
      '7 services.web.resources.nanoCpus: a CPU limit must be positive',
    ]);
    // Bounds without a message of their own are worded by zod's English locale.
    expect(
      nativeErrors('name: app\nservices:\n  w:\n    image: x\n    healthcheck: {test: [], retries: -1}\n    volumes: [{type: tmpfs, target: /t, mode: 0o17777}]\n'),
    ).toEqual([
      '6 services.w.volumes[0].mode: Too big: expected number to be <=4095',
      '5 services.w.healthcheck.retries: Too small: expected number to be >=0',
    ]);
  });

  it('rejects a JSON syntax error with its position', () => {
    const errors = expectErrors(parseAppSpec('{\n  "name": "app",\n  "services": {,}\n}', { format: 'json' }));
    expect(errors[0]?.message).toMatch(/^JSON syntax error: /);
    expect(errors[0]?.line).toBe(3);
  });

  it('rejects a document that is not a map', () => {
    expect(nativeErrors('[1, 2]')).toEqual(['1 : a manifest must be a map with at least name and services']);
  });

  it('rejects an app without services', () => {
    expect(nativeErrors('name: app\nservices: {}\n')).toEqual(['2 services: an app needs at least one service']);
  });

  it('rejects a maximum retry count with a policy other than on-failure', () => {
    expect(nativeErrors('name: app\nservices:\n  w:\n    image: x\n    restart: {policy: always, maxRetries: 3}\n')).toEqual([
      '5 services.w.restart.maxRetries: a maximum retry count only applies to the on-failure policy',
    ]);
  });
});
