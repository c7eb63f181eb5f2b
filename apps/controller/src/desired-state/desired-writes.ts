import type { DesiredState } from '@gantry/protocol';
import type { DataSource } from 'typeorm';
import { DeploymentTarget } from '../deployments/deployment-target.entity.js';
import { Device } from '../devices/device.entity.js';
import type { Statement } from '../database/fleet-writer.js';
import { StatementTemplate } from '../database/statement-template.js';
import type { TargetChange } from './target-sync.js';

/**
 * Renders the writes compiling a gateway asks for. A batch writes the same few statement
 * shapes for hundreds of gateways, so each shape is rendered once and bound per gateway,
 * and a document that many gateways share is turned into its column value once.
 */
export class DesiredWrites {
  private storeTemplate: StatementTemplate<Device> | undefined;
  private readonly changeTemplates = new Map<string, StatementTemplate<DeploymentTarget>>();
  private readonly documents = new WeakMap<DesiredState, unknown>();

  constructor(private readonly dataSource: DataSource) {}

  /** Stores a gateway's new document; changes its row only if no one stored another version since `previousVersion` was read. */
  store(deviceId: string, desired: DesiredState, previousVersion: number, now: Date): Statement {
    this.storeTemplate ??= StatementTemplate.of(
      this.dataSource,
      Device,
      this.dataSource
        .createQueryBuilder()
        .update(Device)
        .set({ desiredVersion: () => ':version', desiredHash: () => ':hash', desired: () => ':desired', desiredAt: () => ':now' })
        .where('id = :id AND desired_version = :previous'),
    );
    const template = this.storeTemplate;
    let document = this.documents.get(desired);
    if (document === undefined) {
      document = template.value('desired', desired);
      this.documents.set(desired, document);
    }
    return template.bind({ id: deviceId, previous: previousVersion, version: desired.version, hash: desired.hash, desired: document, now: template.value('desiredAt', now) });
  }

  /** Writes one change to the gateway's row of a deployment. */
  change(deviceId: string, { deploymentId, ...fields }: TargetChange, now: Date): Statement {
    const names = Object.keys(fields).sort();
    const key = names.join(',');
    let template = this.changeTemplates.get(key);
    if (template === undefined) {
      template = StatementTemplate.of(
        this.dataSource,
        DeploymentTarget,
        this.dataSource
          .createQueryBuilder()
          .update(DeploymentTarget)
          .set({ ...Object.fromEntries(names.map((name) => [name, () => `:${name}`])), updatedAt: () => ':now' })
          .where('deployment_id = :deploymentId AND device_id = :deviceId'),
      );
      this.changeTemplates.set(key, template);
    }
    return template.bind({ ...fields, deploymentId, deviceId, now: template.value('updatedAt', now) });
  }
}
