// Exit codes of gantry-agent. Scripts branch on these, so they are part of the CLI's
// interface: change them only with a note in the changelog. 64-78 follow sysexits(3).

/** What each exit status means. */
export const ExitCode = {
  /** Done; for `apply`, the release runs (healthy, or still starting). */
  ok: 0,
  /** The operation ran and failed: the release failed or was rolled back, nothing to roll back, a doctor check failed, an unknown app or service. */
  failure: 1,
  /** The command line is wrong: unknown command or option, a bad value, an ambiguous service name. */
  usage: 2,
  /** EX_DATAERR: the manifest is invalid (each issue is printed with its path and line). */
  dataError: 65,
  /** EX_NOINPUT: the manifest file cannot be read. */
  noInput: 66,
  /** EX_NOUSER: `enroll`: the controller refused the enrollment token (unknown, used or expired). */
  enrollmentRefused: 67,
  /** EX_UNAVAILABLE: the agent is not running, or its socket cannot be reached; for `enroll`, the controller cannot be reached. */
  unavailable: 69,
  /** EX_SOFTWARE: a bug; the message says where. */
  software: 70,
  /** EX_CANTCREAT: `enroll`: this gateway is already enrolled (its identity file exists), or the controller has a gateway with that id. */
  alreadyEnrolled: 73,
  /** EX_TEMPFAIL: the agent is busy or starting (it answered 503); try again. */
  tempFail: 75,
  /** EX_PROTOCOL: the agent answered outside this CLI's contract (mismatched versions?). */
  protocol: 76,
  /**
   * EX_NOPERM: the gateway refuses the target (its policy, or not enough allocatable
   * resources). Retrying the same manifest cannot succeed until the gateway changes.
   */
  refused: 77,
  /** EX_CONFIG: the agent's config file is invalid or unreadable. */
  config: 78,
} as const;

/** One of {@link ExitCode}'s values. */
export type ExitStatus = (typeof ExitCode)[keyof typeof ExitCode];

/** An error a command reports to the user as is, with the exit status it means. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    readonly exitCode: ExitStatus,
  ) {
    super(message);
  }
}

/** The exit-code table as `--help` shows it. */
export const EXIT_CODES_HELP = `Exit codes:
  0   ok (apply: the release runs)
  1   failed: release unhealthy or rolled back, nothing to roll back, a doctor check failed, unknown app/service
  2   usage: bad command line, or a service name that matches more than one app
  65  invalid manifest            66  manifest file unreadable
  67  enroll: the controller refused the token (unknown, used or expired)
  69  the agent is not running (enroll: the controller cannot be reached)
  70  internal error              73  enroll: this gateway is already enrolled
  75  the agent is busy, retry    76  the agent answered outside the contract (version mismatch?)
  77  the gateway refused the target (policy or allocatable resources)
  78  invalid agent config`;

/** Ends a command with this status after it has printed all it has to say (doctor with failures). */
export class QuietExit extends Error {
  override readonly name = 'QuietExit';

  constructor(readonly exitCode: ExitStatus) {
    super(`exit status ${exitCode}`);
  }
}
