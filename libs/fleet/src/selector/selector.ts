/*
 * Label selectors in the Kubernetes syntax (equality- and set-based), so operators bring
 * what they already know. There is no well-kept JavaScript library for them (the few on
 * npm are unmaintained or pull in a Kubernetes client), and the grammar is small, so
 * the parser is our own: see parse.ts.
 */

/** One condition on one label key; a selector is the AND of its requirements. */
export type Requirement =
  | { readonly op: '=' | '!='; readonly key: string; readonly value: string }
  | { readonly op: 'in' | 'notin'; readonly key: string; readonly values: readonly string[] }
  | { readonly op: 'exists' | '!exists'; readonly key: string };

/** A parsed selector: all requirements must hold. The empty selector matches every gateway. */
export type Selector = readonly Requirement[];

/** Whether `labels` satisfy every requirement of `selector` (Kubernetes semantics: `!=` and `notin` match a missing key). */
export function matches(selector: Selector, labels: Readonly<Record<string, string>>): boolean {
  return selector.every((requirement) => satisfies(requirement, labels));
}

function satisfies(requirement: Requirement, labels: Readonly<Record<string, string>>): boolean {
  const value = Object.hasOwn(labels, requirement.key) ? labels[requirement.key] : undefined;
  switch (requirement.op) {
    case '=':
      return value === requirement.value;
    case '!=':
      return value !== requirement.value;
    case 'in':
      return value !== undefined && requirement.values.includes(value);
    case 'notin':
      return value === undefined || !requirement.values.includes(value);
    case 'exists':
      return value !== undefined;
    case '!exists':
      return value === undefined;
  }
}

/** The selector's text in the one spelling `parseSelector` reads back to an equal selector. */
export function formatSelector(selector: Selector): string {
  return selector.map(formatRequirement).join(',');
}

function formatRequirement(requirement: Requirement): string {
  switch (requirement.op) {
    case '=':
    case '!=':
      return `${requirement.key}${requirement.op}${requirement.value}`;
    case 'in':
    case 'notin':
      return `${requirement.key} ${requirement.op} (${requirement.values.join(',')})`;
    case 'exists':
      return requirement.key;
    case '!exists':
      return `!${requirement.key}`;
  }
}
