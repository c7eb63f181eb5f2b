import { describe, expect, it } from 'vitest';
import { importCompose } from '../src/index.js';
import { expectOk, fixture, service, show } from './helpers.js';

const MiB = 1024 ** 2;
const GiB = 1024 ** 3;

describe('importing the MQTT + Node-RED + InfluxDB stack', () => {
  const result = importCompose(fixture('compose/iot-stack.yml'), { name: 'site-stack' });
  const spec = expectOk(result);
  const logging = { driver: 'json-file', options: { 'max-file': '3', 'max-size': '10m' } };
  const restart = { policy: 'unless-stopped' as const, maxRetries: 0 };

  it('maps the broker with merged anchors, short ports, named volumes and a relative bind', () => {
    expect(spec.services.mosquitto).toEqual(
      service(
        {
          image: 'eclipse-mosquitto:2.0.18',
          ports: [
            { target: 1883, published: 1883, protocol: 'tcp', hostIp: null },
            { target: 8883, published: 8883, protocol: 'tcp', hostIp: null },
            { target: 9001, published: 9001, protocol: 'tcp', hostIp: null },
          ],
          volumes: [
            {
              type: 'bind',
              source: '/var/lib/gantry/apps/site-stack/mosquitto/mosquitto.conf',
              target: '/mosquitto/config/mosquitto.conf',
              readOnly: true,
            },
            { type: 'volume', source: 'mosquitto-data', target: '/mosquitto/data', readOnly: false, noCopy: false },
            { type: 'volume', source: 'mosquitto-log', target: '/mosquitto/log', readOnly: false, noCopy: false },
          ],
          restart,
          healthcheck: {
            test: ['CMD-SHELL', "mosquitto_sub -t '$SYS/#' -C 1 -W 3 || exit 1"],
            intervalMs: 30_000,
            timeoutMs: 5_000,
            retries: 3,
            startPeriodMs: 10_000,
            startIntervalMs: 5_000,
          },
          logging,
        },
        { memoryBytes: 64 * MiB, nanoCpus: 250_000_000 },
      ),
    );
  });

  it('maps depends_on conditions, list environment and memory reservations', () => {
    expect(spec.services.nodered).toEqual(
      service(
        {
          image: 'nodered/node-red:3.1.9',
          env: { FLOWS: 'flows.json', NODE_RED_ENABLE_PROJECTS: 'false', TZ: 'Europe/Berlin' },
          ports: [{ target: 1880, published: 1880, protocol: 'tcp', hostIp: null }],
          volumes: [{ type: 'volume', source: 'nodered-data', target: '/data', readOnly: false, noCopy: false }],
          restart,
          dependsOn: { influxdb: { condition: 'service_started' }, mosquitto: { condition: 'service_healthy' } },
          logging,
        },
        { memoryBytes: 256 * MiB, memoryReservationBytes: 128 * MiB, nanoCpus: 500_000_000 },
      ),
    );
  });

  it('maps map environment (booleans as text), a host-IP port and long-form volume', () => {
    const influx = spec.services.influxdb;
    expect(influx?.env).toEqual({
      DOCKER_INFLUXDB_INIT_BUCKET: 'telemetry',
      DOCKER_INFLUXDB_INIT_MODE: 'setup',
      DOCKER_INFLUXDB_INIT_ORG: 'site',
      DOCKER_INFLUXDB_INIT_RETENTION: '30d',
      DOCKER_INFLUXDB_INIT_USERNAME: 'admin',
      INFLUXD_REPORTING_DISABLED: 'true',
    });
    expect(influx?.ports).toEqual([{ target: 8086, published: 8086, protocol: 'tcp', hostIp: '127.0.0.1' }]);
    expect(influx?.healthcheck).toEqual({
      test: ['CMD', 'influx', 'ping'],
      intervalMs: 60_000,
      timeoutMs: 10_000,
      retries: 5,
      startPeriodMs: 0,
      startIntervalMs: 5_000,
    });
    expect(influx?.resources.memoryBytes).toBe(512 * MiB);
    expect(influx?.resources.nanoCpus).toBe(1_000_000_000);
  });

  it('declares the top-level volumes with explicit defaults', () => {
    const local = { driver: 'local', driverOpts: {}, labels: {} };
    expect(spec.volumes).toEqual({
      'influx-data': local,
      'mosquitto-data': local,
      'mosquitto-log': local,
      'nodered-data': local,
    });
  });

  it('ignores version and x- keys quietly and only warns about the relative bind', () => {
    expect(result.warnings.map(show)).toEqual([
      'services.mosquitto.volumes[2]: relative host path "./mosquitto/mosquitto.conf" is mounted from /var/lib/gantry/apps/site-stack/mosquitto/mosquitto.conf on the gateway',
    ]);
    expect(result.warnings[0]?.line).toBe(24);
  });
});

describe('importing the Modbus serial reader', () => {
  const result = importCompose(fixture('compose/modbus-serial.yml'), {
    name: 'meters',
    env: { SITE_NAME: 'plant-7' },
  });
  const spec = expectOk(result);

  it('maps devices, cgroup rules, tmpfs, caps, restart with retries and a pinned image exactly', () => {
    expect(spec.services['modbus-reader']).toEqual(
      service(
        {
          image:
            'registry.example.com:5000/acme/modbus-reader:1.4.2@sha256:5b0bcabd1ed22e9fb1310cf6c2dec7cdef19f0ad69efa1f392e94a4333501270',
          command: ['--port', '/dev/ttyModbus', '--baud', '9600', '--unit-ids', '1 2 3'],
          user: '1000:20',
          env: { MQTT_URL: 'mqtt://mosquitto:1883', POLL_INTERVAL_MS: '1000', SITE: 'plant-7' },
          labels: { 'com.acme.bus': 'rs485', 'com.acme.role': 'meter-reader' },
          volumes: [
            { type: 'tmpfs', target: '/run', sizeBytes: 16 * MiB, mode: 0o1777 },
            { type: 'tmpfs', target: '/tmp', sizeBytes: null, mode: null },
          ],
          devices: [
            { hostPath: '/dev/gpiochip0', containerPath: '/dev/gpiochip0', permissions: 'rwm' },
            { hostPath: '/dev/ttyUSB0', containerPath: '/dev/ttyModbus', permissions: 'rw' },
          ],
          deviceCgroupRules: ['c 188:* rmw'],
          groupAdd: ['dialout'],
          restart: { policy: 'on-failure', maxRetries: 5 },
          readOnlyRootfs: true,
          capAdd: ['SYS_RAWIO'],
          capDrop: ['ALL'],
          init: true,
          stopSignal: 'SIGINT',
          stopGracePeriodMs: 90_000,
        },
        { memoryBytes: 64 * MiB, nanoCpus: 200_000_000, pidsLimit: 50 },
      ),
    );
  });

  it('warns that an environment entry without a value is left unset, at its line', () => {
    expect(result.warnings.map((w) => [show(w), w.line])).toEqual([
      [
        'services.modbus-reader.environment.API_TOKEN: API_TOKEN has no value; compose would take it from the shell, which a gateway does not have, so it is left unset',
        17,
      ],
    ]);
  });
});

describe('importing a compose v2 file with legacy resource keys', () => {
  const result = importCompose(fixture('compose/legacy-v2.yml'), { name: 'historian' });
  const spec = expectOk(result);

  it('maps mem_limit, memswap_limit, cpu_shares, cpuset, pids_limit, shm_size, blkio_config and ulimits', () => {
    expect(spec.services.historian?.resources).toEqual({
      memoryBytes: 512 * MiB,
      memoryReservationBytes: 256 * MiB,
      memorySwapBytes: GiB,
      nanoCpus: 500_000_000,
      nanoCpusReservation: null,
      cpuShares: 512,
      cpusetCpus: '0-1',
      pidsLimit: 100,
      blkioWeight: 300,
      blkioWeightDevice: [{ path: '/dev/mmcblk0', weight: 200 }],
      deviceReadBps: [{ path: '/dev/mmcblk0', bytesPerSecond: 20 * MiB }],
      deviceWriteBps: [{ path: '/dev/mmcblk0', bytesPerSecond: 10 * MiB }],
      deviceReadIops: [{ path: '/dev/mmcblk0', iops: 1000 }],
      deviceWriteIops: [{ path: '/dev/mmcblk0', iops: 500 }],
      ulimits: { nofile: { soft: 20_000, hard: 40_000 }, nproc: { soft: 512, hard: 512 } },
    });
    expect(spec.services.historian?.shmSizeBytes).toBe(128 * MiB);
  });

  it('maps host namespaces, absolute binds, a string health check test and durations like 1h2m and 500ms', () => {
    const historian = spec.services.historian;
    expect(historian?.networkMode).toBe('host');
    expect(historian?.pidMode).toBe('host');
    expect(historian?.restart).toEqual({ policy: 'always', maxRetries: 0 });
    expect(historian?.volumes).toEqual([
      { type: 'bind', source: '/var/lib/historian', target: '/data', readOnly: false },
      { type: 'bind', source: '/etc/localtime', target: '/etc/localtime', readOnly: true },
    ]);
    expect(historian?.env).toEqual({ EMPTY: '', HISTORIAN_MODE: 'edge' });
    expect(historian?.healthcheck).toEqual({
      test: ['CMD-SHELL', 'curl -fsS http://localhost:8080/health'],
      intervalMs: 3_720_000,
      timeoutMs: 500,
      retries: 3,
      startPeriodMs: 0,
      startIntervalMs: 5_000,
    });
  });

  it('maps cpu_quota/cpu_period to nano-CPUs, 1024k to bytes, disable: true to NONE and list depends_on', () => {
    expect(spec.services.watchdog).toEqual(
      service(
        {
          image: 'busybox:latest',
          command: ['sh', '-c', 'while true; do sleep 3600; done'],
          privileged: true,
          ipcMode: 'host',
          dependsOn: { historian: { condition: 'service_started' } },
          healthcheck: {
            test: ['NONE'],
            intervalMs: 30_000,
            timeoutMs: 30_000,
            retries: 3,
            startPeriodMs: 0,
            startIntervalMs: 5_000,
          },
        },
        { memoryBytes: MiB, nanoCpus: 500_000_000 },
      ),
    );
  });

  it('warns about the list environment entry that would come from the shell', () => {
    expect(result.warnings.map(show)).toEqual([
      'services.historian.environment[2]: FROM_SHELL has no value; compose would take it from the shell, which a gateway does not have, so it is left unset',
    ]);
  });
});

describe('importing a compose-spec file with deploy.resources and long syntax', () => {
  const result = importCompose(fixture('compose/compose-spec.yml'));
  const spec = expectOk(result);
  const camera = spec.services.camera;

  it('takes the app name from the top-level name key', () => {
    expect(spec.name).toBe('edge-vision');
  });

  it('maps long and short ports, expanding ranges and sorting them', () => {
    expect(camera?.ports).toEqual([
      { target: 9100, published: null, protocol: 'tcp', hostIp: null },
      { target: 5000, published: 5000, protocol: 'udp', hostIp: '127.0.0.1' },
      { target: 8554, published: 8554, protocol: 'tcp', hostIp: '0.0.0.0' },
      { target: 9000, published: 9000, protocol: 'tcp', hostIp: null },
      { target: 9001, published: 9001, protocol: 'tcp', hostIp: null },
      { target: 9002, published: 9002, protocol: 'tcp', hostIp: null },
    ]);
  });

  it('maps long-form volume, bind and tmpfs mounts, sorted by target', () => {
    expect(camera?.volumes).toEqual([
      { type: 'bind', source: '/opt/acme/models', target: '/models', readOnly: true },
      { type: 'tmpfs', target: '/scratch', sizeBytes: 64 * MiB, mode: null },
      { type: 'volume', source: 'cache', target: '/var/cache/camera', readOnly: false, noCopy: false },
      { type: 'volume', source: 'frames', target: '/var/lib/frames', readOnly: false, noCopy: true },
    ]);
  });

  it('maps limits and reservations, including millicores and Kubernetes sizes', () => {
    expect(camera?.resources).toMatchObject({
      memoryBytes: GiB,
      memoryReservationBytes: 512 * MiB,
      nanoCpus: 1_500_000_000,
      nanoCpusReservation: 500_000_000,
      pidsLimit: 200,
      ulimits: { memlock: { soft: -1, hard: -1 } },
    });
    expect(spec.services.inference?.resources.memoryBytes).toBe(1536 * MiB);
    expect(spec.services.inference?.resources.nanoCpus).toBe(2_000_000_000);
  });

  it('maps entrypoint strings, command lists, health check timings and deploy.restart_policy', () => {
    expect(camera?.entrypoint).toEqual(['/usr/bin/tini', '--', 'camera-bridge']);
    expect(camera?.command).toEqual(['--fps', '15', '--resolution', '1280x720']);
    expect(camera?.healthcheck).toEqual({
      test: ['CMD', 'wget', '-q', '-O', '/dev/null', 'http://localhost:8554/health'],
      intervalMs: 90_000,
      timeoutMs: 10_000,
      retries: 4,
      startPeriodMs: 120_000,
      startIntervalMs: 500,
    });
    expect(camera?.restart).toEqual({ policy: 'on-failure', maxRetries: 3 });
    expect(camera?.stopGracePeriodMs).toBe(20_000);
  });

  it('maps devices, sysctls, extra hosts, security options, logging and service network mode', () => {
    expect(camera?.devices).toEqual([{ hostPath: '/dev/video0', containerPath: '/dev/video0', permissions: 'rw' }]);
    expect(camera?.sysctls).toEqual({ 'net.core.somaxconn': '1024' });
    expect(camera?.extraHosts).toEqual(['nvr.local:192.168.1.20']);
    expect(camera?.securityOpt).toEqual(['no-new-privileges:true']);
    expect(camera?.logging).toEqual({ driver: 'local', options: { 'max-size': '5m' } });
    expect(camera?.workingDir).toBe('/app');
    expect(camera?.hostname).toBe('cam-bridge');
    expect(spec.services.inference?.networkMode).toBe('service:camera');
    expect(spec.services.inference?.dependsOn).toEqual({ camera: { condition: 'service_healthy' } });
  });

  it('keeps volume driver options and labels', () => {
    expect(spec.volumes.cache).toEqual({
      driver: 'local',
      driverOpts: { device: 'tmpfs', type: 'tmpfs' },
      labels: { 'com.acme.purge': 'weekly' },
    });
  });

  it('warns about the dependency restart flag it cannot honour', () => {
    expect(result.warnings.map(show)).toEqual([
      'services.inference.depends_on.camera.restart: restarting dependents is a compose feature; ignored',
    ]);
  });
});

describe('importing a file with keys Gantry does not support', () => {
  const result = importCompose(fixture('compose/unsupported.yml'), { name: 'shop' });

  it('still imports the services', () => {
    const spec = expectOk(result);
    expect(Object.keys(spec.services)).toEqual(['api', 'web']);
    expect(spec.services.web?.image).toBe('acme/web:1.0');
  });

  it('reports every unsupported key with its full path and line, never dropping one silently', () => {
    expect(result.warnings.map((w) => `${w.line ?? '?'} ${show(w)}`).sort()).toEqual(
      [
        '4 services.web.build: not supported by Gantry; the service must name an image',
        '6 services.web.container_name: Gantry names containers itself; ignored',
        '7 services.web.env_file: not supported: a gateway has no files beside the manifest; put the variables under environment',
        '8 services.web.links: not needed: services reach each other by name on the app network; ignored',
        "10 services.web.networks: custom networks are not supported by Gantry; the service joins the app's own network, where services reach each other by name",
        '12 services.web.colour: is not a compose key Gantry knows (check the spelling); ignored',
        "14 services.web.deploy.placement: not supported by Gantry; choose gateways with a deployment's label selector",
        '17 services.web.deploy.replicas: Gantry runs one container per service on each gateway; 2 ignored',
        '20 services.api.extends: not supported; merge the extended service into this one first',
        '23 services.api.secrets: not supported by Gantry; pass values through environment; ignored',
        '25 services.api.configs: not supported by Gantry; ignored',
        "27 services.api.networks: custom networks are not supported by Gantry; the service joins the app's own network, where services reach each other by name",
        "32 networks.frontend: custom networks are not supported by Gantry; services share the app's own network",
        "33 networks.backend: custom networks are not supported by Gantry; services share the app's own network",
        '35 secrets: not supported by Gantry; pass values through environment; ignored',
        '38 configs: not supported by Gantry; ignored',
      ].sort(),
    );
  });
});
