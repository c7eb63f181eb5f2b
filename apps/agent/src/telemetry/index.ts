// Telemetry: the resource use of the gateway and of each service it runs, sampled from
// cgroup and procfs files for the cloud (DESIGN.md §3, the `telemetry` topic).
export { inspectInit, type ContainerInit } from './container-init.js';
export { HostReader, type HostReaderOptions, type HostReading } from './host-reader.js';
export { TelemetrySampler, type TelemetrySamplerOptions } from './telemetry-sampler.js';
