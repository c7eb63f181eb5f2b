import { createEnvelope, encodeWithBody, validateBody, type DesiredState, type ValidatedBody } from '@gantry/protocol';

/**
 * Encodes each gateway's `desired` message. A fan-out sends one document to thousands of
 * gateways, and validating the document is most of the cost of encoding it: a document is
 * validated once, and each gateway's message around it gets only its envelope checked.
 */
export class DesiredEncoder {
  private readonly bodies = new WeakMap<DesiredState, ValidatedBody<'desired'>>();

  /** The message for a document; throws when it cannot be sent (invalid, or over the payload limit). */
  payload(deviceId: string, desired: DesiredState): Buffer {
    let body = this.bodies.get(desired);
    if (body === undefined) {
      const validated = validateBody('desired', desired);
      if (!validated.ok) throw new Error(`desired state version ${desired.version} of gateway ${deviceId} cannot be sent: ${validated.error.message}`);
      body = validated.value;
      this.bodies.set(desired, body);
    }
    const encoded = encodeWithBody(createEnvelope({ deviceId }), body);
    if (!encoded.ok) throw new Error(`desired state version ${desired.version} of gateway ${deviceId} cannot be sent: ${encoded.error.message}`);
    return Buffer.from(encoded.value, 'utf8');
  }
}
