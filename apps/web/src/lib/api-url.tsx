"use client";
import { createContext, useContext } from "react";

/** Base URL of the Refocus API, read from the server's environment at request time (API_PUBLIC_URL). */
const ApiUrlContext = createContext("http://localhost:4000");
export const ApiUrlProvider = ApiUrlContext.Provider;

export function useApiUrl(): string {
  return useContext(ApiUrlContext);
}

/** Resolves an API path such as /api/files/ID against the API base URL. */
export function useApiHref(path: string | null | undefined): string | undefined {
  const base = useApiUrl();
  return path ? new URL(path, base).toString() : undefined;
}
