import { importCompose, parseAppSpec, type AppSpec, type Issue } from '@gantry/app-spec';
import type { ManifestFormat } from '@/api/apps';

/*
 * Checks manifest text in the browser with the same readers the controller uses, and
 * turns their issues (which carry the line where the field is written) into editor marks.
 */

export type IssueSeverity = 'error' | 'warning';

export interface EditorIssue extends Issue {
  severity: IssueSeverity;
}

export interface ManifestCheck {
  errors: Issue[];
  warnings: Issue[];
  /** The canonical app, when the text reads without errors. */
  spec?: AppSpec;
}

/** A mark for the editor: character offsets into the text, as CodeMirror's Diagnostic wants. */
export interface IssueMark {
  from: number;
  to: number;
  severity: IssueSeverity;
  message: string;
}

// Compose files are named after the app whatever their `name:` says; before an id is
// chosen any valid name does, so the check is about the file alone.
const PLACEHOLDER_APP = 'app';

/** The line of a top-level `name:` in block YAML, for pointing at a name that does not match. */
function nameLine(text: string): number | undefined {
  const match = /^name[ \t]*:/m.exec(text);
  return match === null ? undefined : text.slice(0, match.index).split('\n').length;
}

/**
 * Gives the controller's issues the lines of the same issues found in the browser. The
 * controller reads the text with the same readers, so paths agree; ApiError keeps only
 * path and message. An issue the browser did not find stays about the whole document.
 */
export function locateServerIssues(text: string, server: readonly Issue[], local: readonly Issue[]): Issue[] {
  return server.map((issue) => {
    if (issue.line !== undefined) return issue;
    const same = local.find((candidate) => candidate.path === issue.path && candidate.message === issue.message) ?? local.find((candidate) => candidate.path === issue.path);
    const line = same?.line ?? (issue.path === 'name' ? nameLine(text) : undefined);
    if (line === undefined) return issue;
    return { ...issue, line, column: same?.column ?? 1 };
  });
}

/**
 * Reads the text as the controller will for app `appId` (undefined while the id is still
 * being chosen): a native manifest must name that app, a compose file is given its name.
 */
export function checkManifest(text: string, format: ManifestFormat, appId: string | undefined): ManifestCheck {
  if (format === 'compose') {
    const result = importCompose(text, { name: appId ?? PLACEHOLDER_APP });
    return result.ok ? { errors: [], warnings: result.warnings, spec: result.spec } : { errors: result.errors, warnings: result.warnings };
  }
  const result = parseAppSpec(text);
  if (!result.ok) return { errors: result.errors, warnings: result.warnings };
  if (appId !== undefined && result.spec.name !== appId) {
    const line = nameLine(text);
    const issue: Issue = {
      path: 'name',
      message: `the manifest is for app "${result.spec.name}" but this is app "${appId}"; write name: ${appId}`,
      ...(line === undefined ? {} : { line, column: 1 }),
    };
    return { errors: [issue], warnings: result.warnings };
  }
  return { errors: [], warnings: result.warnings, spec: result.spec };
}

/** Errors then warnings, each in line order, issues without a line (the whole document) first. */
export function editorIssues(errors: readonly Issue[], warnings: readonly Issue[]): EditorIssue[] {
  const byLine = (a: EditorIssue, b: EditorIssue) => (a.line ?? 0) - (b.line ?? 0);
  return [
    ...errors.map((issue): EditorIssue => ({ ...issue, severity: 'error' })).sort(byLine),
    ...warnings.map((issue): EditorIssue => ({ ...issue, severity: 'warning' })).sort(byLine),
  ];
}

/** "line 7: services.web.image: must not be empty", as the list under the editor reads. */
export function describeIssue(issue: Issue): string {
  const where = issue.line === undefined ? '' : `line ${issue.line}: `;
  const path = issue.path === '' ? '' : `${issue.path}: `;
  return `${where}${path}${issue.message}`;
}

/**
 * Places issues in the text: from the issue's column to the end of its line, trailing
 * spaces left out. An issue without a line is about the whole document and marks line 1;
 * a line past the end (the text changed since) marks the last line.
 */
export function issueMarks(text: string, issues: readonly EditorIssue[]): IssueMark[] {
  const lines = text.split('\n');
  const starts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    starts.push(offset);
    offset += line.length + 1;
  }
  return issues.map((issue) => {
    const index = Math.min(Math.max((issue.line ?? 1) - 1, 0), lines.length - 1);
    const start = starts[index] ?? 0;
    const content = (lines[index] ?? '').trimEnd();
    const column = Math.min(Math.max((issue.column ?? 1) - 1, 0), content.length);
    const message = issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
    return { from: start + column, to: start + content.length, severity: issue.severity, message };
  });
}
