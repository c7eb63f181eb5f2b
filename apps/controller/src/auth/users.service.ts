import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { newSecret } from '../devices/secrets.js';
import { hashPassword, verifyPassword } from './password.js';
import { User } from './user.entity.js';

/** The users who can log in. */
@Injectable()
export class UsersService {
  private decoyHash: Promise<string> | undefined;

  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}

  /** Whether any user exists (none before the first start completes). */
  hasAny(): Promise<boolean> {
    return this.users.exists();
  }

  /**
   * Creates the user unless one with that name exists, and says whether this call created
   * it. Replicas starting together on one database may race here; the unique username
   * lets exactly one insert land and the others see `false`.
   */
  async createIfAbsent(username: string, password: string, now: Date = new Date()): Promise<boolean> {
    const id = randomUUID();
    const row = { id, username, passwordHash: await hashPassword(password), createdAt: now, lastLoginAt: null };
    await this.users.createQueryBuilder().insert().into(User).values(row).orIgnore().execute();
    const stored = await this.users.findOne({ where: { username }, select: { id: true } });
    return stored?.id === id;
  }

  /**
   * The user these credentials belong to, or null. An unknown username costs the same
   * scrypt work as a wrong password, so response times do not reveal which users exist.
   */
  async verifyCredentials(username: string, password: string): Promise<User | null> {
    const user = await this.users.findOneBy({ username });
    this.decoyHash ??= hashPassword(newSecret());
    const matches = await verifyPassword(password, user?.passwordHash ?? (await this.decoyHash));
    return user !== null && matches ? user : null;
  }

  async recordLogin(userId: string, now: Date): Promise<void> {
    await this.users.update({ id: userId }, { lastLoginAt: now });
  }

  /** A user known to exist (it holds a valid credential). */
  get(id: string): Promise<User> {
    return this.users.findOneByOrFail({ id });
  }
}
