// zod/mini has no error messages until a locale is configured; every import of app-spec gets English.
import './zod-locale.js';

export {
  AppSpecSchema,
  ServiceSpecSchema,
  ResourceCapsSchema,
  VolumeSpecSchema,
  PortSpecSchema,
  VolumeMountSchema,
  DeviceMappingSchema,
  RestartPolicySchema,
  HealthcheckSchema,
  DependencySchema,
  LoggingSchema,
  UlimitSchema,
  BlkioRateSchema,
  BlkioIopsSchema,
  BlkioWeightDeviceSchema,
  AppNameSchema,
  ServiceNameSchema,
  RESERVED_LABEL_PREFIX,
} from './schema.js';
export type {
  AppSpec,
  AppSpecInput,
  ServiceSpec,
  ResourceCaps,
  VolumeSpec,
  PortSpec,
  VolumeMount,
  DeviceMapping,
  RestartPolicy,
  Healthcheck,
  Dependency,
  Logging,
} from './schema.js';
export { parseAppSpec, validateAppSpec } from './native.js';
export type { ParseOptions } from './native.js';
export type { ManifestFormat } from './source.js';
export { importCompose } from './compose/import.js';
export type { ImportComposeOptions } from './compose/import.js';
export { normalize } from './normalize.js';
export { canonicalHash, contentHash, canonicalJson } from './hash.js';
export { policyFlags, checkPolicy, GatewayPolicySchema } from './policy.js';
export { deepFreeze, isDeepFrozen } from './deep-freeze.js';
export type { GatewayPolicy, PolicyFlag, PolicyFlagKind, PolicyViolation } from './policy.js';
export { parseSize, parseCpus, formatSize, formatCpus } from './quantity.js';
export { humanBytes, humanCpus } from './human.js';
export type { QuantityResult, SizeNotation, SizeOptions } from './quantity.js';
export { parseDuration, formatDuration } from './duration.js';
export { parseImageRef, formatImageRef, canonicalImage } from './image.js';
export type { ImageRef, ImageRefResult } from './image.js';
export type { Issue, ParseResult, PathSegment } from './issues.js';
