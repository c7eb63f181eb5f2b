import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { RequestOrigin } from '../enrollment/public-urls.js';

/** The scheme and Host the client used, for URLs handed back to it. */
export const Origin = createParamDecorator((_data: unknown, context: ExecutionContext): RequestOrigin => {
  const request = context.switchToHttp().getRequest<{ protocol: string; get(name: string): string | undefined }>();
  return { protocol: request.protocol === 'https' ? 'https' : 'http', host: request.get('host') ?? 'localhost' };
});
