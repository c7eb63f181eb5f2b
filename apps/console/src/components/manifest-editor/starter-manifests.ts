import type { ManifestFormat } from '@/api/apps';

/** What a new app's editor starts with: a small, valid example of each format to edit. */
export const STARTER_MANIFESTS: Record<ManifestFormat, string> = {
  gantry: `name: my-app
services:
  web:
    image: nginx:1.27-alpine
    ports:
      - target: 80
        published: 8080
    env:
      TZ: Europe/Berlin
    restart:
      policy: unless-stopped
    resources:
      memoryBytes: 128Mi
      nanoCpus: "0.5"
`,
  compose: `services:
  web:
    image: nginx:1.27-alpine
    ports:
      - "8080:80"
    environment:
      TZ: Europe/Berlin
    restart: unless-stopped
    deploy:
      resources:
        limits:
          memory: 128m
          cpus: "0.5"
`,
};

/** The other format's starter when the text is still an untouched starter, so toggling shows a fitting example. */
export function starterAfterToggle(text: string, next: ManifestFormat): string | undefined {
  const isStarter = Object.values(STARTER_MANIFESTS).includes(text);
  return isStarter ? STARTER_MANIFESTS[next] : undefined;
}
