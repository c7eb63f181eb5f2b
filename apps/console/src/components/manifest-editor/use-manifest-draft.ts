'use client';

import type { Issue } from '@gantry/app-spec';
import { useCallback, useMemo, useState } from 'react';
import type { ManifestFormat } from '@/api/apps';
import { ApiError } from '@/lib/api';
import { checkManifest, editorIssues, locateServerIssues, type EditorIssue, type ManifestCheck } from './manifest-check';

export interface ManifestDraft {
  text: string;
  setText: (text: string) => void;
  format: ManifestFormat;
  setFormat: (format: ManifestFormat) => void;
  check: ManifestCheck;
  /** The `name:` a native manifest gives itself, when it reads. */
  manifestName: string | undefined;
  /** The controller's issues while the text is the one it refused, else the browser's. */
  issues: EditorIssue[];
  hasErrors: boolean;
  /** Shows a refusal from the controller in the editor; returns false when it was not about the manifest. */
  showRefusal: (error: unknown) => boolean;
}

/** Manifest text and format being edited for app `appId`, checked as it is typed. */
export function useManifestDraft(initialText: string, initialFormat: ManifestFormat, appId: string | undefined): ManifestDraft {
  const [text, setText] = useState(initialText);
  const [format, setFormat] = useState(initialFormat);
  const [refused, setRefused] = useState<{ text: string; format: ManifestFormat; issues: Issue[] } | undefined>(undefined);

  // Read without an app first: the name a native manifest gives itself can suggest the id.
  const unnamed = useMemo(() => checkManifest(text, format, undefined), [text, format]);
  const check = useMemo(() => (appId === undefined ? unnamed : checkManifest(text, format, appId)), [unnamed, text, format, appId]);
  const isRefusalCurrent = refused !== undefined && refused.text === text && refused.format === format;
  const issues = useMemo(
    () => (isRefusalCurrent ? editorIssues(refused.issues, check.warnings) : editorIssues(check.errors, check.warnings)),
    [isRefusalCurrent, refused, check],
  );

  const showRefusal = useCallback(
    (error: unknown): boolean => {
      if (!(error instanceof ApiError) || error.code !== 'invalid-manifest') return false;
      const server = error.issues.length > 0 ? error.issues : [{ path: '', message: error.message }];
      setRefused({ text, format, issues: locateServerIssues(text, server, [...check.errors, ...check.warnings]) });
      return true;
    },
    [text, format, check],
  );

  return { text, setText, format, setFormat, check, manifestName: format === 'gantry' ? unnamed.spec?.name : undefined, issues, hasErrors: issues.some((issue) => issue.severity === 'error'), showRefusal };
}
