/** Every failure a caller can cause, named once; transports map these to their own errors. */
export enum DomainErrorCode {
  DeviceNotFound = 'device-not-found',
  DeviceAlreadyExists = 'device-already-exists',
  EnrollmentTokenNotFound = 'enrollment-token-not-found',
  EnrollmentTokenInvalid = 'enrollment-token-invalid',
  EnrollmentTokenUsed = 'enrollment-token-used',
  EnrollmentTokenExpired = 'enrollment-token-expired',
  AppNotFound = 'app-not-found',
  AppAlreadyExists = 'app-already-exists',
  ReleaseNotFound = 'release-not-found',
  ReleaseContention = 'release-contention',
  InvalidCredentials = 'invalid-credentials',
  NotASession = 'not-a-session',
  ApiTokenNotFound = 'api-token-not-found',
  DeploymentNotFound = 'deployment-not-found',
  ReleaseOfAnotherApp = 'release-of-another-app',
  DeploymentPhaseConflict = 'deployment-phase-conflict',
  DeviceRevoked = 'device-revoked',
  DeviceOffline = 'device-offline',
  CommandTimedOut = 'command-timed-out',
}

/** An error a caller can cause and act on; services throw these, never HTTP errors. */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
  }
}
