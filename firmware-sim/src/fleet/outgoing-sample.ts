/**
 * Which of a fleet's outgoing reports and event batches are checked against the protocol's
 * schema before they are sent: the first `first`, then one in `every`. Every gateway builds
 * them with the agent's own code, so a builder that goes wrong goes wrong for many gateways
 * at once and a sample catches it (the check then refuses to send, and logs why); the
 * controller checks every message it receives either way. Checking all of them was the
 * largest single cost of a simulated gateway.
 */
export class OutgoingSample {
  private seen = 0;
  private checkedCount = 0;

  constructor(
    private readonly first = 1_000,
    private readonly every = 100,
  ) {
    if (!Number.isInteger(first) || first < 0) throw new RangeError(`first must be a whole number ≥ 0, not ${first}`);
    if (!Number.isInteger(every) || every < 1) throw new RangeError(`every must be a whole number ≥ 1, not ${every}`);
  }

  /** Whether the next outgoing message is checked. */
  readonly next = (): boolean => {
    this.seen += 1;
    const isChecked = this.seen <= this.first || (this.seen - this.first) % this.every === 0;
    if (isChecked) this.checkedCount += 1;
    return isChecked;
  };

  /** Messages asked about so far, and how many of them were checked. */
  counts(): { readonly messages: number; readonly checked: number } {
    return { messages: this.seen, checked: this.checkedCount };
  }
}
