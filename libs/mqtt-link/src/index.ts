export { MqttConnectRefusedError } from './connack.js';
export { MqttJsLink, type MqttJsLinkOptions, type MqttTlsOptions } from './mqtt-link.js';
