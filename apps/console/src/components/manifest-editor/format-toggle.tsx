import type { ManifestFormat } from '@/api/apps';

const FORMATS: ReadonlyArray<{ value: ManifestFormat; label: string; hint: string }> = [
  { value: 'gantry', label: 'Native manifest', hint: 'Gantry YAML or JSON; its name must be the app id' },
  { value: 'compose', label: 'docker-compose', hint: 'Imported; what Gantry drops or changes is listed' },
];

/** Which reader the text goes to; the controller never guesses. */
export function FormatToggle({ value, onChange }: { value: ManifestFormat; onChange: (format: ManifestFormat) => void }) {
  return (
    <fieldset className="format-toggle">
      <legend>Manifest format</legend>
      <div className="segmented">
        {FORMATS.map((format) => (
          <label key={format.value} className={value === format.value ? 'segment segment-on' : 'segment'} title={format.hint}>
            <input type="radio" name="manifest-format" value={format.value} checked={value === format.value} onChange={() => onChange(format.value)} />
            {format.label}
          </label>
        ))}
      </div>
      <small className="muted">{FORMATS.find((format) => format.value === value)?.hint}</small>
    </fieldset>
  );
}
