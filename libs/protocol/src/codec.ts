import * as z from 'zod/mini';
import { isMessageKind, type MessageKind } from './kinds.js';
import { BODY_SCHEMAS, EnvelopeHeadSchema, MESSAGE_SCHEMAS, MessageSchema, type BodyOf, type DesiredMessage, type EnvelopeHead, type Message, type MessageOf } from './envelope.js';
import { toProtocolIssues, type ProtocolIssue } from './issues.js';
import type { KnownDesiredDocuments } from './known-desired.js';
import { err, ok, type Result } from './result.js';
import { parseTopic, type TopicAddress } from './topics.js';
import { PROTOCOL_MAJOR, parseProtocolVersion, unsupportedVersionReason } from './version.js';

/*
 * Bytes in, typed message or reasoned error out. Every decode step guards the next:
 * size before parsing (JSON.parse of a huge payload is the cheapest denial of service),
 * version before shape (a 2.0 message fails as "unsupported", not as fifty field errors),
 * kind before body. Nothing here throws, whatever arrives.
 */

/** Largest payload accepted or produced unless a call says otherwise: 256 KiB. */
export const DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;

// zod's default for a missing field is "expected number, received undefined"; say what the reader needs.
const PARSE_OPTIONS: z.core.ParseContext<z.core.$ZodIssue> = {
  error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? `is required (${issue.expected})` : undefined),
};

/** Options of every encode and decode call. */
export interface CodecOptions {
  /** Largest payload in UTF-8 bytes; defaults to {@link DEFAULT_MAX_PAYLOAD_BYTES}. */
  readonly maxBytes?: number;
  /**
   * Desired documents validated before (`decodeFromTopic` only): a `desired` message whose
   * body is one of them, to the character, has only its envelope checked and gets the
   * remembered document; a new valid one is remembered.
   */
  readonly knownDesired?: KnownDesiredDocuments;
}

/** What kind of failure a payload met, so callers can count drops by reason. */
export type ProtocolErrorCode =
  | 'too-large'
  | 'not-json'
  | 'invalid'
  | 'unsupported-version'
  | 'wrong-kind'
  | 'bad-topic'
  | 'topic-mismatch';

/** Why a payload was rejected: a code, a sentence for the log, and where in the message. */
export interface ProtocolError {
  readonly code: ProtocolErrorCode;
  readonly message: string;
  readonly issues: readonly ProtocolIssue[];
}

/** A message decoded from a topic, with the address the topic gave. */
export interface RoutedMessage {
  readonly address: TopicAddress;
  readonly message: Message;
}

/** Options of {@link encode}. */
export interface EncodeOptions extends CodecOptions {
  /**
   * `false` serialises the message as it is, without checking it against its schema (the
   * size limit still holds): for a load generator that builds the same messages as a checked
   * sender and checks a sample of them. Default `true`.
   */
  readonly isChecked?: boolean;
}

/**
 * Validates a message and serialises it to JSON. Fails (never throws) if the message is
 * invalid or its JSON exceeds the size limit, so nothing invalid is ever published.
 * Fields the schema does not know are left out. With `isChecked: false` none of that holds
 * but the size limit: the message is written as given, its fields in the order it has them,
 * and it throws where `JSON.stringify` would.
 */
export function encode<K extends MessageKind>(
  kind: K,
  message: MessageOf<K>,
  options: EncodeOptions = {},
): Result<string, ProtocolError> {
  if (options.isChecked === false) {
    const { body, ...head } = message;
    return assemble(kind, head, JSON.stringify(body), options);
  }
  const parsed = MESSAGE_SCHEMAS[kind].safeParse(message, PARSE_OPTIONS);
  if (!parsed.success) return err(invalid(`${kind} message is invalid`, parsed.error));
  const { body, ...head } = parsed.data;
  return assemble(kind, head, JSON.stringify(body), options);
}

// Only this module can make a ValidatedBody: holding one proves its body passed the schema.
const MINT = Symbol('validated body');

/** A body checked against its kind's schema once, with its JSON, for many messages to carry (one document fanned out to many gateways). */
export class ValidatedBody<K extends MessageKind> {
  /** Use {@link validateBody}. */
  constructor(
    mint: typeof MINT,
    readonly kind: K,
    readonly json: string,
  ) {
    if (mint !== MINT) throw new TypeError('a ValidatedBody comes from validateBody');
  }
}

/** Validates a body of `kind` for {@link encodeWithBody}; issues are named as in the message (`body.…`). Never throws. */
export function validateBody<K extends MessageKind>(kind: K, body: BodyOf<K>): Result<ValidatedBody<K>, ProtocolError> {
  const parsed = BODY_SCHEMAS[kind].safeParse(body, PARSE_OPTIONS);
  if (!parsed.success) return err(invalid(`${kind} message is invalid`, parsed.error, ['body']));
  return ok(new ValidatedBody(MINT, kind, JSON.stringify(parsed.data)));
}

/**
 * Encodes a message around a body validated before, checking only its envelope: the same
 * JSON as {@link encode} gives for the whole message, with the same size limit.
 */
export function encodeWithBody<K extends MessageKind>(envelope: EnvelopeHead, body: ValidatedBody<K>, options: CodecOptions = {}): Result<string, ProtocolError> {
  const head = EnvelopeHeadSchema.safeParse(envelope, PARSE_OPTIONS);
  if (!head.success) return err(invalid(`${body.kind} message is invalid`, head.error));
  return assemble(body.kind, { ...head.data, kind: body.kind }, body.json, options);
}

/** The one place a message's JSON is put together: envelope fields in schema order, then the body; within the size limit. */
function assemble(kind: MessageKind, head: EnvelopeHead & { kind: MessageKind }, bodyJson: string, options: CodecOptions): Result<string, ProtocolError> {
  const json = `${JSON.stringify(head).slice(0, -1)},"body":${bodyJson}}`;
  const limit = options.maxBytes ?? DEFAULT_MAX_PAYLOAD_BYTES;
  if (exceeds(json, limit)) {
    return err(problem('too-large', `${kind} message is ${utf8Length(json)} bytes, over the ${limit}-byte limit; split or trim it`));
  }
  return ok(json);
}

/** Decodes a payload that must be a message of `kind`. Never throws. */
export function decode<K extends MessageKind>(
  kind: K,
  payload: string | Uint8Array,
  options: CodecOptions = {},
): Result<MessageOf<K>, ProtocolError> {
  return guarded(() => {
    const json = readHead(payload, options, kind);
    if (!json.ok) return json;
    const parsed = MESSAGE_SCHEMAS[kind].safeParse(json.value, PARSE_OPTIONS);
    return parsed.success ? ok(parsed.data) : err(invalid(`${kind} message is invalid`, parsed.error));
  });
}

/** Decodes a payload of any kind, taking the kind from the message itself. Never throws. */
export function decodeMessage(payload: string | Uint8Array, options: CodecOptions = {}): Result<Message, ProtocolError> {
  return guarded(() => {
    const json = readHead(payload, options);
    if (!json.ok) return json;
    return parseAny(json.value);
  });
}

/**
 * Decodes a payload received on `topic`: the topic names the kind, and the envelope
 * must agree with it (device id; for commands, the request id), so a message cannot
 * claim to be about a gateway or request other than the one its topic addresses.
 * Never throws.
 */
export function decodeFromTopic(
  topic: string,
  payload: string | Uint8Array,
  options: CodecOptions = {},
): Result<RoutedMessage, ProtocolError> {
  return guarded(() => {
    const address = parseTopic(topic);
    if (!address.ok) return err(problem('bad-topic', address.error.message));
    const { kind } = address.value;
    const text = readText(payload, options.maxBytes ?? DEFAULT_MAX_PAYLOAD_BYTES);
    if (!text.ok) return text;
    const known = kind === 'desired' ? options.knownDesired : undefined;
    const decoded = (known && knownDesiredMessage(text.value, known)) ?? parseText(text.value, kind, known);
    if (!decoded.ok) return decoded;
    const message = decoded.value;
    const mismatch = topicMismatch(address.value, message);
    if (mismatch) return err(problem('topic-mismatch', mismatch.message, [mismatch]));
    return ok({ address: address.value, message });
  });
}

function topicMismatch(address: TopicAddress, message: Message): ProtocolIssue | undefined {
  if (message.deviceId !== address.deviceId) {
    return { path: 'deviceId', message: `is "${message.deviceId}" but the topic is for device "${address.deviceId}"` };
  }
  if (address.kind === 'cmd' && message.id !== address.requestId) {
    return { path: 'id', message: `is "${message.id}" but the topic's request id is "${address.requestId}"` };
  }
  if (address.kind === 'cmd-res' && message.parentId !== address.requestId) {
    return { path: 'parentId', message: `must be the request id of the topic, "${address.requestId}"` };
  }
  return undefined;
}

function parseAny(json: unknown): Result<Message, ProtocolError> {
  const parsed = MessageSchema.safeParse(json, PARSE_OPTIONS);
  if (parsed.success) return ok(parsed.data);
  const kind = HeadSchema.safeParse(json).data?.kind;
  return err(invalid(typeof kind === 'string' && isMessageKind(kind) ? `${kind} message is invalid` : 'message is invalid', parsed.error));
}

const HeadSchema = z.object({ protocol: z.unknown(), kind: z.unknown() });

const DesiredEnvelopeSchema = z.extend(EnvelopeHeadSchema, { kind: z.literal('desired') });

function parseText(text: string, kind: MessageKind, known: KnownDesiredDocuments | undefined): Result<Message, ProtocolError> {
  const json = parseHead(text, kind);
  if (!json.ok) return json;
  return known ? parseDesired(json.value, known) : parseAny(json.value);
}

const BODY_KEY = ',"body":';

/**
 * A `desired` message whose body is, to the character, a document validated before, read
 * without parsing that body: only the envelope before it is parsed and checked. The text
 * is the envelope's members, then `,"body":`, the document and the closing brace (how
 * {@link encode} writes it). Undefined when it is not, so the full decode says what is wrong.
 */
function knownDesiredMessage(text: string, known: KnownDesiredDocuments): Result<Message, ProtocolError> | undefined {
  const at = text.indexOf(BODY_KEY);
  if (at < 0 || !text.endsWith('}')) return undefined;
  const body = known.get(text.slice(at + BODY_KEY.length, -1));
  if (body === undefined) return undefined;
  // The envelope with its brace closed: a JSON object of at least one member is exactly
  // what makes the whole text valid JSON with this body as its last member.
  const head = parseHead(`${text.slice(0, at)}}`, 'desired');
  if (!head.ok || Object.keys(head.value as object).length === 0) return undefined;
  return envelopeWith(head.value, body);
}

/** A `desired` message whose document may have been validated before, from the same text. */
function parseDesired(json: unknown, known: KnownDesiredDocuments): Result<Message, ProtocolError> {
  const text = JSON.stringify(typeof json === 'object' && json !== null ? Reflect.get(json, 'body') : undefined);
  const body = text === undefined ? undefined : known.get(text);
  if (body === undefined) {
    const parsed = parseAny(json);
    if (parsed.ok && parsed.value.kind === 'desired' && text !== undefined) known.remember(text, parsed.value.body);
    return parsed;
  }
  return envelopeWith(json, body);
}

function envelopeWith(json: unknown, body: DesiredMessage['body']): Result<Message, ProtocolError> {
  const envelope = DesiredEnvelopeSchema.safeParse(json, PARSE_OPTIONS);
  if (!envelope.success) return err(invalid('desired message is invalid', envelope.error));
  const message: DesiredMessage = { ...envelope.data, body };
  return ok(message);
}

/** Reads the payload's JSON and checks what must hold before its shape: size, version, kind. */
function readHead(payload: string | Uint8Array, options: CodecOptions, expectedKind?: MessageKind): Result<unknown, ProtocolError> {
  const text = readText(payload, options.maxBytes ?? DEFAULT_MAX_PAYLOAD_BYTES);
  return text.ok ? parseHead(text.value, expectedKind) : text;
}

/** Parses JSON text and checks what must hold before its shape: version, kind. */
function parseHead(text: string, expectedKind?: MessageKind): Result<unknown, ProtocolError> {
  let json: unknown;
  let hasProtoKey = false;
  try {
    // A key can only read "__proto__" if the text spells it out or escapes a character of
    // it (\u005f); text with neither is parsed without a reviver, which costs most of a parse.
    json = mayHaveProtoKey(text)
      ? JSON.parse(text, (key, value: unknown) => {
          if (key === '__proto__') hasProtoKey = true;
          return value;
        })
      : JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, 200) : 'unparsable';
    return err(problem('not-json', `payload is not JSON: ${reason}`));
  }
  // zod skips "__proto__" keys (they could replace a prototype), so such an entry would
  // vanish without an error: an app could silently drop out of a target. Refuse instead.
  if (hasProtoKey) return err(problem('invalid', 'payload has a "__proto__" key, which no Gantry message may contain'));
  const head = HeadSchema.safeParse(json);
  if (!head.success) return err(problem('invalid', 'payload must be a JSON object (a message envelope)'));
  const { protocol, kind } = head.data;
  // A parsable version of another major is "unsupported"; a garbled one is just invalid.
  if (typeof protocol === 'string') {
    const version = parseProtocolVersion(protocol);
    if (version && version.major !== PROTOCOL_MAJOR) {
      const reason = unsupportedVersionReason(protocol) ?? '';
      return err(problem('unsupported-version', reason, [{ path: 'protocol', message: reason }]));
    }
  }
  if (expectedKind !== undefined && kind !== undefined && kind !== expectedKind) {
    return err(
      problem('wrong-kind', `expected a ${expectedKind} message, got ${describeKind(kind)}`, [
        { path: 'kind', message: `must be "${expectedKind}"` },
      ]),
    );
  }
  return ok(json);
}

function mayHaveProtoKey(text: string): boolean {
  return text.includes('__proto__') || text.includes('\\u');
}

// Without `stream`, decoding keeps no state between calls: one decoder serves every payload.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function readText(payload: string | Uint8Array, limit: number): Result<string, ProtocolError> {
  if (typeof payload === 'string') {
    if (exceeds(payload, limit)) return err(tooLarge(payload.length > limit ? `more than ${limit}` : String(utf8Length(payload)), limit));
    return ok(payload);
  }
  if (!(payload.byteLength <= limit)) return err(tooLarge(String(payload.byteLength), limit));
  try {
    return ok(UTF8.decode(payload));
  } catch {
    return err(problem('not-json', 'payload is not valid UTF-8 text'));
  }
}

// UTF-8 needs at least one byte per UTF-16 code unit and at most three, so most strings
// are judged by their length alone, without encoding them.
function exceeds(text: string, limit: number): boolean {
  if (!(text.length <= limit)) return true;
  if (text.length * 3 <= limit) return false;
  return !(utf8Length(text) <= limit);
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

function tooLarge(size: string, limit: number): ProtocolError {
  return problem('too-large', `payload is ${size} bytes, over the ${limit}-byte limit`);
}

function describeKind(kind: unknown): string {
  return typeof kind === 'string' && isMessageKind(kind) ? `a ${kind} message` : `kind ${JSON.stringify(kind)?.slice(0, 40) ?? 'undefined'}`;
}

function invalid(message: string, error: z.core.$ZodError, prefix: readonly PropertyKey[] = []): ProtocolError {
  const issues = toProtocolIssues(error.issues, prefix);
  const first = issues[0];
  return problem('invalid', first ? `${message}: ${first.path || '(root)'} ${first.message}` : message, issues);
}

function problem(code: ProtocolErrorCode, message: string, issues: readonly ProtocolIssue[] = []): ProtocolError {
  return { code, message, issues };
}

// The steps above return errors for every input we can think of; this keeps the
// never-throws promise for the ones we cannot (an engine limit, a bug in a refinement).
function guarded<T>(decodeStep: () => Result<T, ProtocolError>): Result<T, ProtocolError> {
  try {
    return decodeStep();
  } catch (error) {
    const reason = error instanceof Error ? error.message.slice(0, 200) : 'unknown failure';
    return err(problem('invalid', `payload could not be checked: ${reason}`));
  }
}
