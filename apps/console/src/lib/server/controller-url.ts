/** Where the console's server finds the controller; read per request so one build serves any address. */
export function controllerUrl(): string {
  return process.env['GANTRY_CONTROLLER_URL'] ?? 'http://127.0.0.1:8080';
}
