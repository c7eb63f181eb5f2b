import { describe, expect, it } from 'vitest';
import { guessFormat } from './manifest-file.js';

describe('guessFormat', () => {
  it.each([
    ['docker-compose.yml', 'services:\n  web:\n    image: nginx\n', 'compose'],
    ['/srv/compose.prod.yaml', 'services: {}\n', 'compose'],
    ['app.yaml', 'services:\n  web:\n    image: nginx\n    mem_limit: 64m\n', 'compose'],
    ['app.yaml', 'services:\n  web:\n    image: nginx\n    environment:\n      A: b\n', 'compose'],
    ['app.yaml', 'name: web\nservices:\n  web:\n    image: nginx\n    env:\n      MY_VAR: b\n', 'yaml'],
    ['app.json', '{"name":"web","services":{}}', 'json'],
    [undefined, '{"name":"web","services":{"web":{"depends_on":[]}}}', 'compose'],
    [undefined, '{"name":"web","services":{}}', 'json'],
    [undefined, 'name: [unclosed', 'yaml'],
  ] as const)('reads %s as %s', (fileName, text, format) => {
    expect(guessFormat(fileName, text)).toBe(format);
  });
});
