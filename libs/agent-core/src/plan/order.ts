import type { AppSpec } from '@gantry/app-spec';

/**
 * Services in start order: each after the services it depends on, ties by name so plans
 * are deterministic. app-spec refuses dependency cycles; should one slip through, its
 * services come last rather than never.
 */
export function startOrder(spec: AppSpec): string[] {
  const names = Object.keys(spec.services).sort();
  const placed = new Set<string>();
  const order: string[] = [];
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const name of names) {
      if (placed.has(name)) continue;
      const deps = Object.keys(spec.services[name]?.dependsOn ?? {});
      if (deps.every((dep) => placed.has(dep) || !(dep in spec.services))) {
        placed.add(name);
        order.push(name);
        progressed = true;
      }
    }
  }
  return [...order, ...names.filter((name) => !placed.has(name))];
}
