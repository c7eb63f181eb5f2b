'use client';

import { FileLoader } from './file-loader';
import { FormatToggle } from './format-toggle';
import { ManifestEditor } from './manifest-editor';
import { starterAfterToggle } from './starter-manifests';
import type { ManifestDraft } from './use-manifest-draft';

/** The format toggle, a file loader and the checked editor of a manifest draft. */
export function ManifestPanel({ draft }: { draft: ManifestDraft }) {
  const warnings = draft.check.warnings.length;
  return (
    <section className="manifest-panel" aria-label="Manifest">
      <div className="manifest-toolbar">
        <FormatToggle
          value={draft.format}
          onChange={(format) => {
            const starter = starterAfterToggle(draft.text, format);
            if (starter !== undefined) draft.setText(starter);
            draft.setFormat(format);
          }}
        />
        <FileLoader
          onLoad={(text, format) => {
            draft.setText(text);
            if (format !== undefined) draft.setFormat(format);
          }}
        />
      </div>
      {draft.format === 'compose' && warnings > 0 ? (
        <div className="banner banner-warn">
          <strong>
            Gantry changes or drops {warnings} {warnings === 1 ? 'thing' : 'things'} in this compose file
          </strong>
          <p>They are listed under the editor as warnings. The release is cut from what Gantry keeps.</p>
        </div>
      ) : null}
      <ManifestEditor value={draft.text} onChange={draft.setText} issues={draft.issues} label={draft.format === 'compose' ? 'docker-compose file' : 'Gantry manifest'} />
    </section>
  );
}
