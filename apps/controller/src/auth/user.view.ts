import type { UserView } from './auth.schemas.js';
import type { User } from './user.entity.js';

/** A user as the REST API shows it: never the password hash. */
export function toUserView(user: User): UserView {
  return { id: user.id, username: user.username, createdAt: user.createdAt.toISOString(), lastLoginAt: user.lastLoginAt?.toISOString() ?? null };
}
