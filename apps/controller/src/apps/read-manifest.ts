import { importCompose, parseAppSpec, type AppSpec, type Issue } from '@gantry/app-spec';
import { isScalar, LineCounter, parseDocument } from 'yaml';
import type { ManifestFormat } from './release.entity.js';

/** A manifest read for an app: its canonical spec, or every problem that stops it. */
export type ManifestReading =
  | { ok: true; spec: AppSpec; warnings: Issue[] }
  | { ok: false; issues: Issue[]; hint?: string };

/** Where the top-level `name:` value is written, and what it says, if it is a plain value. */
function topLevelName(text: string): { value: string; line: number; column: number } | undefined {
  const counter = new LineCounter();
  const node = parseDocument(text, { lineCounter: counter }).get('name', true);
  if (!isScalar(node) || node.range == null) return undefined;
  const { line, col } = counter.linePos(node.range[0]);
  return { value: String(node.value), line, column: col };
}

function readNative(appId: string, text: string): ManifestReading {
  const result = parseAppSpec(text);
  if (!result.ok) {
    const asCompose = importCompose(text, { name: appId });
    return {
      ok: false,
      issues: result.errors,
      ...(asCompose.ok ? { hint: 'this text reads as a docker-compose file; send it again with "format": "compose"' } : {}),
    };
  }
  // A native manifest names its app; one written for another app is most likely the wrong file.
  if (result.spec.name !== appId) {
    const at = topLevelName(text);
    const issue: Issue = {
      path: 'name',
      message: `the manifest is for app "${result.spec.name}" but was sent to app "${appId}"; set name: ${appId} or send it to that app`,
      ...(at === undefined ? {} : { line: at.line, column: at.column }),
    };
    return { ok: false, issues: [issue] };
  }
  return { ok: true, spec: result.spec, warnings: result.warnings };
}

function readCompose(appId: string, text: string): ManifestReading {
  // A compose project name is a local folder name more often than not; the app id wins.
  const result = importCompose(text, { name: appId });
  if (!result.ok) return { ok: false, issues: result.errors };
  const warnings = [...result.warnings];
  const written = topLevelName(text);
  if (written !== undefined && written.value !== appId) {
    warnings.unshift({
      path: 'name',
      message: `the app keeps its id "${appId}" as its name; the compose file's name "${written.value}" is not used`,
      line: written.line,
      column: written.column,
    });
  }
  return { ok: true, spec: result.spec, warnings };
}

/**
 * Reads manifest text sent for app `appId` with the reader its format names. The canonical
 * spec's `name` is always the app id: a native manifest must say so itself, a compose file
 * is given it.
 */
export function readManifest(appId: string, text: string, format: ManifestFormat): ManifestReading {
  return format === 'compose' ? readCompose(appId, text) : readNative(appId, text);
}
