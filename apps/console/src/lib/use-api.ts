'use client';

import useSWR, { type SWRConfiguration, type SWRResponse } from 'swr';
import { api, type ApiError } from './api';

/** Reads a controller resource; `null` skips the request (e.g. until an id is known). */
export function useApi<T>(path: string | null, config?: SWRConfiguration<T, ApiError>): SWRResponse<T, ApiError> {
  return useSWR<T, ApiError>(path, (key: string) => api<T>(key), { revalidateOnFocus: true, keepPreviousData: true, ...config });
}
