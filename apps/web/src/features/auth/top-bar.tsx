"use client";
import { useApolloClient, useMutation, useQuery } from "@apollo/client/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { LogOutMutation, MeQuery } from "./auth.operations";

export function TopBar() {
  const { data } = useQuery(MeQuery);
  const [logOut] = useMutation(LogOutMutation);
  const client = useApolloClient();
  const router = useRouter();
  const me = data?.me;
  return (
    <header className="topbar">
      <Link href="/" className="brand">Refocus</Link>
      {me && (
        <nav className="topnav">
          <Link href="/">Projects</Link>
          <Link href="/labs">Labs</Link>
          <Link href="/audit">Audit</Link>
          {me.role === "ADMIN" && <Link href="/admin">Admin</Link>}
        </nav>
      )}
      <span className="spacer" />
      {me ? (
        <>
          <span className="muted" data-testid="signed-in-as">{me.name} ({me.role === "ADMIN" ? "admin" : me.email})</span>
          <button
            className="secondary"
            onClick={async () => {
              await logOut();
              await client.clearStore();
              router.push("/login");
            }}
          >
            Log out
          </button>
        </>
      ) : (
        <>
          <Link href="/login">Log in</Link>
          <Link href="/signup">Sign up</Link>
        </>
      )}
    </header>
  );
}
