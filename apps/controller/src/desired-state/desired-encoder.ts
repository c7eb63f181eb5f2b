import { createMessage, DEFAULT_MAX_PAYLOAD_BYTES, encode, EnvelopeHeadSchema, type DesiredState } from '@gantry/protocol';

/**
 * Encodes each gateway's `desired` message. A fan-out sends one document to thousands of
 * gateways, and validating the document is most of the cost of encoding it: the first
 * message of a document goes through the whole codec, and the others reuse its body as the
 * codec validated it, checking only their own envelope (id, time, gateway) and the size.
 */
export class DesiredEncoder {
  private readonly bodies = new WeakMap<DesiredState, unknown>();

  /** The message for a document; throws when it cannot be sent (invalid, or over the payload limit). */
  payload(deviceId: string, desired: DesiredState): Buffer {
    const message = createMessage('desired', desired, { deviceId });
    const body = this.bodies.get(desired);
    if (body === undefined) {
      const encoded = encode('desired', message);
      if (!encoded.ok) throw new Error(`desired state version ${desired.version} of gateway ${deviceId} cannot be sent: ${encoded.error.message}`);
      this.bodies.set(desired, Reflect.get(JSON.parse(encoded.value) as object, 'body'));
      return Buffer.from(encoded.value, 'utf8');
    }
    // The head schema keeps only the envelope's fields, in the codec's order.
    const head = EnvelopeHeadSchema.safeParse(message);
    if (!head.success) throw new Error(`desired state version ${desired.version} of gateway ${deviceId} cannot be sent: its envelope is invalid: ${head.error.message}`);
    const payload = Buffer.from(JSON.stringify({ ...head.data, kind: 'desired', body }), 'utf8');
    if (payload.length > DEFAULT_MAX_PAYLOAD_BYTES) {
      throw new Error(`desired state version ${desired.version} of gateway ${deviceId} cannot be sent: ${payload.length} bytes, over the ${DEFAULT_MAX_PAYLOAD_BYTES}-byte limit`);
    }
    return payload;
  }
}
