import { SetMetadata } from '@nestjs/common';

/** Metadata key the auth guard reads: routes marked `@Public()` need no credentials. */
export const IS_PUBLIC = 'gantry:public';

/** Marks a route (or a controller) as open: login, health, metrics, enrollment. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
