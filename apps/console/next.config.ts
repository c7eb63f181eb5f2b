import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  // The console proxies the controller's streams (server-sent events, log follow);
  // compression would buffer them.
  compress: false,
  poweredByHeader: false,
};

export default config;
