import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { ControllerConfig } from '../config.js';
import { CONTROLLER_CONFIG } from '../config.module.js';
import { newSecret } from '../devices/secrets.js';
import { UsersService } from './users.service.js';

export const ADMIN_USERNAME = 'admin';

/**
 * Gives a new installation its first user, so someone can log in at all. The password is
 * ADMIN_PASSWORD, or else generated and printed once: this is the only time it exists in
 * clear, and it is never printed again (later starts find a user and do nothing).
 */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  constructor(
    @Inject(CONTROLLER_CONFIG) private readonly config: ControllerConfig,
    @Inject(UsersService) private readonly users: UsersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (await this.users.hasAny()) return;
    const password = this.config.adminPassword ?? newSecret();
    // Another replica starting at the same moment may have created it first; then it printed.
    if (!(await this.users.createIfAbsent(ADMIN_USERNAME, password))) return;
    const origin = this.config.adminPassword === undefined ? `password ${password} — store it now, it is not shown again` : 'the password from ADMIN_PASSWORD';
    process.stdout.write(`gantry controller: created user "${ADMIN_USERNAME}" with ${origin}\n`);
  }
}
