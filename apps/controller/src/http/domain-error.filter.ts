import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '../domain-error.js';

function assertUnreachable(value: never): never {
  throw new Error(`unhandled domain error code: ${String(value)}`);
}

/** The one place where domain error codes become HTTP statuses. */
export function httpStatusFor(code: DomainErrorCode): HttpStatus {
  switch (code) {
    case DomainErrorCode.DeviceNotFound:
      return HttpStatus.NOT_FOUND;
    case DomainErrorCode.DeviceAlreadyExists:
      return HttpStatus.CONFLICT;
    default:
      return assertUnreachable(code);
  }
}

/** Answers a `DomainError` with its status and `{ error: <code>, message }`. */
@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter<DomainError> {
  catch(error: DomainError, host: ArgumentsHost): void {
    // The Express response, typed only as far as it is used here.
    const response = host.switchToHttp().getResponse<{ status(code: number): { json(body: unknown): void } }>();
    response.status(httpStatusFor(error.code)).json({ error: error.code, message: error.message });
  }
}
