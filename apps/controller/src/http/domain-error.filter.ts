import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError, DomainErrorCode } from '../domain-error.js';

function assertUnreachable(value: never): never {
  throw new Error(`unhandled domain error code: ${String(value)}`);
}

/** The one place where domain error codes become HTTP statuses. */
export function httpStatusFor(code: DomainErrorCode): HttpStatus {
  switch (code) {
    case DomainErrorCode.DeviceNotFound:
    case DomainErrorCode.EnrollmentTokenNotFound:
    case DomainErrorCode.AppNotFound:
    case DomainErrorCode.ReleaseNotFound:
    case DomainErrorCode.ApiTokenNotFound:
    case DomainErrorCode.DeploymentNotFound:
      return HttpStatus.NOT_FOUND;
    case DomainErrorCode.EnrollmentTokenInvalid:
    case DomainErrorCode.EnrollmentTokenUsed:
    case DomainErrorCode.EnrollmentTokenExpired:
    case DomainErrorCode.InvalidCredentials:
      return HttpStatus.UNAUTHORIZED;
    case DomainErrorCode.DeviceAlreadyExists:
    case DomainErrorCode.AppAlreadyExists:
    case DomainErrorCode.ReleaseContention:
    case DomainErrorCode.DeploymentPhaseConflict:
    case DomainErrorCode.DeviceRevoked:
    case DomainErrorCode.DeviceOffline:
      return HttpStatus.CONFLICT;
    case DomainErrorCode.CommandTimedOut:
      return HttpStatus.GATEWAY_TIMEOUT;
    case DomainErrorCode.NotASession:
    case DomainErrorCode.ReleaseOfAnotherApp:
      return HttpStatus.BAD_REQUEST;
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
