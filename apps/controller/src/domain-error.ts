/** Every failure a caller can cause, named once; transports map these to their own errors. */
export enum DomainErrorCode {
  DeviceNotFound = 'device-not-found',
  DeviceAlreadyExists = 'device-already-exists',
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
