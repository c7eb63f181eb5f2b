import { access } from 'node:fs/promises';
import type { DoctorCheck } from '../runner.js';
import { fail, ok } from '../report.js';

/** The agent's config file can be read and is valid. */
export const configCheck: DoctorCheck = {
  name: 'config',
  title: 'agent config',
  async run(ctx) {
    const path = ctx.configPath;
    if (ctx.configError !== null) {
      return fail(ctx.configError, `fix ${path} (the other checks used the default settings meanwhile), then run \`gantry-agent doctor\` again`, {
        path,
        isValid: false,
      });
    }
    const exists = await access(path).then(
      () => true,
      () => false,
    );
    return exists
      ? ok(`${path} is valid`, { path, isValid: true })
      : ok(`no config file at ${path}; every setting has its default`, { path, isValid: true });
  },
};
