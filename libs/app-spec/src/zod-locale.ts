import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

// zod/mini ships without messages ("Invalid input" for everything); the manifest issues users
// read fall back to zod's English wording, so it is configured once for every caller.
z.config(en());
