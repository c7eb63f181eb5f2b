/** The controller's version, shown in the OpenAPI document, `/healthz` and the start banner. */
export const CONTROLLER_VERSION = '0.1.0';
