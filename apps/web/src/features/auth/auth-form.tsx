"use client";
import { useApolloClient, useMutation } from "@apollo/client/react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { LogInMutation, SignUpMutation } from "./auth.operations";

/** Sign-up and log-in share one form; sign-up also asks for a name. */
export function AuthForm({ mode }: { mode: "login" | "signup" }) {
  const [signUp, signUpState] = useMutation(SignUpMutation);
  const [logIn, logInState] = useMutation(LogInMutation);
  const client = useApolloClient();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const busy = signUpState.loading || logInState.loading;

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setError(null);
    const form = new FormData(e.currentTarget);
    const email = String(form.get("email") ?? "");
    const password = String(form.get("password") ?? "");
    try {
      if (mode === "signup") await signUp({ variables: { input: { email, password, name: String(form.get("name") ?? "") } } });
      else await logIn({ variables: { input: { email, password } } });
      await client.resetStore();
      router.push("/");
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }

  return (
    <div className="panel auth-card">
      <h1>{mode === "signup" ? "Create your account" : "Log in"}</h1>
      <form onSubmit={submit}>
        {mode === "signup" && (
          <label>
            Name
            <input name="name" required autoComplete="name" />
          </label>
        )}
        <label>
          Email
          <input name="email" type="email" required autoComplete="email" />
        </label>
        <label>
          Password
          <input name="password" type="password" required minLength={mode === "signup" ? 8 : undefined} autoComplete={mode === "signup" ? "new-password" : "current-password"} />
        </label>
        {error && <p className="error" role="alert">{error}</p>}
        <button type="submit" disabled={busy}>{mode === "signup" ? "Sign up" : "Log in"}</button>
      </form>
      <p className="muted">
        {mode === "signup" ? <>Already registered? <Link href="/login">Log in</Link></> : <>New here? <Link href="/signup">Create an account</Link></>}
      </p>
    </div>
  );
}
