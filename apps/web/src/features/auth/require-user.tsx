"use client";
import { useQuery } from "@apollo/client/react";
import { useRouter } from "next/navigation";
import { useEffect, type ReactNode } from "react";
import { MeQuery } from "./auth.operations";

/** Renders its children for a signed-in user; sends everyone else to the sign-in page. */
export function RequireUser({ children }: { children: ReactNode }) {
  const { data, loading, error } = useQuery(MeQuery);
  const router = useRouter();
  const signedOut = !loading && !error && !data?.me;
  useEffect(() => {
    if (signedOut) router.replace("/login");
  }, [signedOut, router]);
  if (error) return <p className="error">Cannot reach the Refocus API: {error.message}</p>;
  if (loading || !data?.me) return <p className="muted">Loading…</p>;
  return <>{children}</>;
}
