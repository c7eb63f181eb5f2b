import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, type Repository } from 'typeorm';
import { hashSecret, newSecret } from '../devices/secrets.js';
import { DomainError, DomainErrorCode } from '../domain-error.js';
import { Metrics } from '../metrics/metrics.js';
import type { Login } from './auth.schemas.js';
import type { Principal } from './principal.js';
import { Session } from './session.entity.js';
import type { User } from './user.entity.js';
import { UsersService } from './users.service.js';

/**
 * A session lasts a fixed 12 hours from login, then the user logs in again. Fixed rather
 * than sliding: no database write on every request, and a stolen token has a known end.
 */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Marks session tokens, so they can be told apart from API tokens (`gty_`) at a glance. */
export const SESSION_TOKEN_PREFIX = 'gts_';

export interface NewSession {
  token: string;
  session: Session;
  user: User;
}

/** Login sessions, kept in the database every replica shares. */
@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @Inject(UsersService) private readonly users: UsersService,
    @Inject(Metrics) private readonly metrics: Metrics,
  ) {}

  async login(credentials: Login, now: Date = new Date()): Promise<NewSession> {
    const user = await this.users.verifyCredentials(credentials.username, credentials.password);
    if (user === null) {
      this.metrics.loginFailures.inc();
      throw new DomainError(DomainErrorCode.InvalidCredentials, 'wrong username or password');
    }
    const token = newSecret(SESSION_TOKEN_PREFIX);
    const session = this.sessions.create({ id: randomUUID(), userId: user.id, tokenHash: hashSecret(token), createdAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) });
    await this.sessions.insert(session);
    await this.users.recordLogin(user.id, now);
    // Expired rows are dead weight; whichever replica handles a login clears them.
    await this.sessions.delete({ expiresAt: LessThan(now) });
    return { token, session, user: { ...user, lastLoginAt: now } };
  }

  /** The principal a session token stands for; null when unknown, expired or logged out. */
  async resolve(token: string, now: Date = new Date()): Promise<Principal | null> {
    const session = await this.sessions.findOne({ where: { tokenHash: hashSecret(token) }, relations: { user: true } });
    if (session === null || session.expiresAt.getTime() <= now.getTime()) return null;
    return { kind: 'session', user: { id: session.user.id, username: session.user.username }, sessionId: session.id, expiresAt: session.expiresAt };
  }

  async revoke(sessionId: string): Promise<void> {
    await this.sessions.delete({ id: sessionId });
  }
}
