import type { ApiToken } from './api-token.entity.js';
import type { ApiTokenView } from './auth.schemas.js';

/** An API token as the REST API lists it: never the token or its hash. */
export function toApiTokenView(token: ApiToken): ApiTokenView {
  return {
    id: token.id,
    name: token.name,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    expiresAt: token.expiresAt?.toISOString() ?? null,
  };
}
