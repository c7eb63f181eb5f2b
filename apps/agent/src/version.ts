import packageJson from '../package.json' with { type: 'json' };

/** This agent's version, from its package.json (inlined into the shipped bundle). */
export function agentVersion(): string {
  return packageJson.version;
}
