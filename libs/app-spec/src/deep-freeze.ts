// What deepFreeze froze, everything under it included. Frozen all the way down is what makes a
// value safe to share between gateways and to remember results about; Object.isFrozen vouches
// for one level only.
const deeplyFrozen = new WeakSet<object>();

/** Freezes `value` and everything reachable from it, in place, and returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || deeplyFrozen.has(value)) return value;
  deeplyFrozen.add(value);
  Object.freeze(value);
  for (const member of Object.values(value)) deepFreeze(member);
  return value;
}

/** Whether {@link deepFreeze} froze this object, and so everything under it. */
export function isDeepFrozen(value: object): boolean {
  return deeplyFrozen.has(value);
}
