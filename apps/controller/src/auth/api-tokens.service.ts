import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { hashSecret, newSecret } from '../devices/secrets.js';
import { DomainError, DomainErrorCode } from '../domain-error.js';
import { ApiToken } from './api-token.entity.js';
import type { CreateApiToken } from './auth.schemas.js';
import type { Principal } from './principal.js';

/** Marks API tokens, so logs and secret scanners recognise a leaked one. */
export const API_TOKEN_PREFIX = 'gty_';

// `last used` is for people deciding which tokens to revoke; minute precision is plenty and
// spares a database write on every request a busy automation makes.
const LAST_USED_RESOLUTION_MS = 60_000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** API tokens for automation; each acts as the user who made it. */
@Injectable()
export class ApiTokensService {
  constructor(@InjectRepository(ApiToken) private readonly tokens: Repository<ApiToken>) {}

  /** Makes a token; the returned `token` is the only time it exists in clear. */
  async create(userId: string, input: CreateApiToken, now: Date = new Date()): Promise<{ token: string; apiToken: ApiToken }> {
    const token = newSecret(API_TOKEN_PREFIX);
    const apiToken = this.tokens.create({
      id: randomUUID(),
      userId,
      name: input.name,
      tokenHash: hashSecret(token),
      createdAt: now,
      expiresAt: input.expiresInDays === undefined ? null : new Date(now.getTime() + input.expiresInDays * DAY_MS),
      lastUsedAt: null,
    });
    await this.tokens.insert(apiToken);
    return { token, apiToken };
  }

  /** The user's tokens, oldest first. */
  list(userId: string): Promise<ApiToken[]> {
    return this.tokens.find({ where: { userId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Deletes one of the user's tokens; requests carrying it are refused from then on. */
  async revoke(userId: string, id: string): Promise<void> {
    const result = await this.tokens.delete({ id, userId });
    if (result.affected === 0) {
      throw new DomainError(DomainErrorCode.ApiTokenNotFound, `you have no API token with id "${id}"; list yours with GET /api/v1/api-tokens`);
    }
  }

  /** The principal an API token stands for; null when unknown, expired or revoked. */
  async resolve(token: string, now: Date = new Date()): Promise<Principal | null> {
    const apiToken = await this.tokens.findOne({ where: { tokenHash: hashSecret(token) }, relations: { user: true } });
    if (apiToken === null || (apiToken.expiresAt !== null && apiToken.expiresAt.getTime() <= now.getTime())) return null;
    if (apiToken.lastUsedAt === null || now.getTime() - apiToken.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      await this.tokens.update({ id: apiToken.id }, { lastUsedAt: now });
    }
    return { kind: 'api-token', user: { id: apiToken.user.id, username: apiToken.user.username }, tokenId: apiToken.id, expiresAt: apiToken.expiresAt };
  }
}
