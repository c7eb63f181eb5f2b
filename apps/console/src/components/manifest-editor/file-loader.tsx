'use client';

import { useId, useState } from 'react';
import type { ManifestFormat } from '@/api/apps';

const COMPOSE_FILE = /(^|[-_.])(docker-)?compose[^/]*\.ya?ml$/i;

/** Loads a manifest or compose file from disk into the editor; a compose file name switches the format. */
export function FileLoader({ onLoad }: { onLoad: (text: string, format: ManifestFormat | undefined) => void }) {
  const id = useId();
  const [error, setError] = useState<string | undefined>(undefined);
  const load = async (file: File | undefined) => {
    if (file === undefined) return;
    setError(undefined);
    if (file.size > 100_000) {
      setError(`${file.name} is ${Math.round(file.size / 1000)} kB; a manifest can be at most 100 kB`);
      return;
    }
    try {
      onLoad(await file.text(), COMPOSE_FILE.test(file.name) ? 'compose' : undefined);
    } catch (failure) {
      setError(`${file.name} could not be read: ${failure instanceof Error ? failure.message : String(failure)}`);
    }
  };
  return (
    <div className="field file-loader">
      <label htmlFor={id}>Load from a file</label>
      <input id={id} type="file" accept=".yml,.yaml,.json,text/yaml,application/json" onChange={(event) => void load(event.target.files?.[0])} />
      <small className="muted">Or paste into the editor.</small>
      {error === undefined ? null : (
        <small className="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}
