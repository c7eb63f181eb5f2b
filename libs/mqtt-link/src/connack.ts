/*
 * MQTT 3.1.1 CONNACK return codes (§3.2.2.3) and what a gateway operator should do about
 * each. A refusal is not a network failure: trying another URL of the same broker with the
 * same credentials cannot help, so the link stops there.
 */

const REFUSALS: Record<number, { reason: string; hint: string; isFinal: boolean }> = {
  1: { reason: 'unacceptable protocol version', hint: 'the broker does not speak MQTT 3.1.1', isFinal: true },
  2: { reason: 'client identifier rejected', hint: 'the broker refuses this device id', isFinal: true },
  3: { reason: 'server unavailable', hint: 'the broker is up but not accepting sessions yet', isFinal: false },
  4: { reason: 'bad username or password', hint: 'the gateway was revoked or its credentials are wrong; enroll it again', isFinal: true },
  5: { reason: 'not authorized', hint: 'the gateway was revoked or is not allowed on this broker; enroll it again', isFinal: true },
};

/** The broker answered CONNACK with a refusal. */
export class MqttConnectRefusedError extends Error {
  override readonly name = 'MqttConnectRefusedError';
  /** The CONNACK return code (1-5). */
  readonly returnCode: number;
  /** Whether another URL of the same broker would refuse too (credentials, identity, protocol). */
  readonly isFinal: boolean;

  constructor(url: string, returnCode: number) {
    const known = REFUSALS[returnCode];
    const what = known ? `${known.reason} (return code ${returnCode}); ${known.hint}` : `return code ${returnCode}`;
    super(`the broker at ${url} refused the connection: ${what}`);
    this.returnCode = returnCode;
    this.isFinal = known?.isFinal ?? true;
  }
}

/** The CONNACK return code of an mqtt.js connect error, when the error is a refusal. */
export function refusalCode(error: Error): number | undefined {
  // mqtt.js raises `ErrorWithReasonCode('Connection refused: …', rc)` for a refused CONNACK.
  const code: unknown = Reflect.get(error, 'code');
  return typeof code === 'number' && error.message.startsWith('Connection refused') ? code : undefined;
}
