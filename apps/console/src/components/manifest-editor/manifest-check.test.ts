import { describe, expect, it } from 'vitest';
import { checkManifest, describeIssue, editorIssues, issueMarks, locateServerIssues } from './manifest-check';

const NATIVE = ['name: thermo', 'services:', '  web:', '    image: nginx:1.27', '    resources:', '      memoryBytes: 12 parsecs', ''].join('\n');

const COMPOSE = ['services:', '  web:', '    image: nginx:1.27', '    privileged: false', '    networks: [front]', 'networks:', '  front: {}', ''].join('\n');

describe('checkManifest', () => {
  it('points a bad field of a native manifest at the line it is written on', () => {
    const check = checkManifest(NATIVE, 'gantry', 'thermo');
    expect(check.spec).toBeUndefined();
    expect(check.errors).toHaveLength(1);
    expect(check.errors[0]).toMatchObject({ path: 'services.web.resources.memoryBytes', line: 6 });
  });

  it('accepts a valid native manifest and returns the canonical app', () => {
    const check = checkManifest(NATIVE.replace('12 parsecs', '64Mi'), 'gantry', 'thermo');
    expect(check.errors).toEqual([]);
    expect(check.spec?.services.web?.resources.memoryBytes).toBe(64 * 1024 * 1024);
  });

  it('refuses a native manifest written for another app, at its name line', () => {
    const check = checkManifest(`# meters\n${NATIVE.replace('12 parsecs', '64Mi')}`, 'gantry', 'meters');
    expect(check.errors).toEqual([{ path: 'name', message: expect.stringContaining('write name: meters') as unknown, line: 2, column: 1 }]);
  });

  it('skips the name check while no app id is chosen', () => {
    expect(checkManifest(NATIVE.replace('12 parsecs', '64Mi'), 'gantry', undefined).errors).toEqual([]);
  });

  it('imports a compose file and lists what Gantry drops as warnings with lines', () => {
    const check = checkManifest(COMPOSE, 'compose', 'thermo');
    expect(check.errors).toEqual([]);
    expect(check.spec?.name).toBe('thermo');
    expect(check.warnings.length).toBeGreaterThan(0);
    expect(check.warnings.every((warning) => warning.line !== undefined)).toBe(true);
  });

  it('reports YAML syntax errors with their line', () => {
    const check = checkManifest('name: thermo\nservices:\n  web: [\n', 'gantry', 'thermo');
    expect(check.errors.length).toBeGreaterThan(0);
    expect(check.errors[0]?.line).toBeGreaterThanOrEqual(3);
  });
});

describe('editorIssues', () => {
  it('puts errors before warnings, each in line order', () => {
    const ordered = editorIssues(
      [
        { path: 'b', message: 'e2', line: 9 },
        { path: 'a', message: 'e1', line: 2 },
      ],
      [{ path: 'c', message: 'w1', line: 1 }],
    );
    expect(ordered.map((issue) => `${issue.severity}:${issue.message}`)).toEqual(['error:e1', 'error:e2', 'warning:w1']);
  });
});

describe('describeIssue', () => {
  it('reads as line, path and message, leaving out what is unknown', () => {
    expect(describeIssue({ path: 'services.web.image', message: 'must not be empty', line: 7 })).toBe('line 7: services.web.image: must not be empty');
    expect(describeIssue({ path: '', message: 'a manifest must be a map' })).toBe('a manifest must be a map');
  });
});

describe('issueMarks', () => {
  const text = 'name: thermo\nservices:\n  web:\n    image: ""   \n';

  it('marks from the column to the end of the line, without trailing spaces', () => {
    const [mark] = issueMarks(text, [{ path: 'services.web.image', message: 'must not be empty', line: 4, column: 12, severity: 'error' }]);
    const lineStart = text.indexOf('    image');
    expect(mark).toEqual({ from: lineStart + 11, to: lineStart + '    image: ""'.length, severity: 'error', message: 'services.web.image: must not be empty' });
    expect(text.slice(mark?.from, mark?.to)).toBe('""');
  });

  it('marks line 1 for an issue about the whole document', () => {
    expect(issueMarks(text, [{ path: '', message: 'bad', severity: 'warning' }])).toEqual([{ from: 0, to: 12, severity: 'warning', message: 'bad' }]);
  });

  it('keeps marks inside the text when the line no longer exists', () => {
    const [mark] = issueMarks('a: 1', [{ path: 'x', message: 'gone', line: 40, column: 90, severity: 'error' }]);
    expect(mark).toEqual({ from: 4, to: 4, severity: 'error', message: 'x: gone' });
  });
});

describe('locateServerIssues', () => {
  const text = 'name: other\nservices:\n  web:\n    image: nginx\n';

  it('takes the line of the same issue found in the browser', () => {
    const local = [{ path: 'services.web.image', message: 'bad image', line: 4, column: 12 }];
    expect(locateServerIssues(text, [{ path: 'services.web.image', message: 'bad image' }], local)).toEqual([{ path: 'services.web.image', message: 'bad image', line: 4, column: 12 }]);
  });

  it('places a name the controller refused at the name line', () => {
    expect(locateServerIssues(text, [{ path: 'name', message: 'wrong app' }], [])).toEqual([{ path: 'name', message: 'wrong app', line: 1, column: 1 }]);
  });

  it('keeps lines the controller sent and leaves unknown paths about the whole document', () => {
    expect(locateServerIssues(text, [{ path: 'x', message: 'm', line: 2 }, { path: 'y', message: 'n' }], [])).toEqual([
      { path: 'x', message: 'm', line: 2 },
      { path: 'y', message: 'n' },
    ]);
  });
});
