import { RequireUser } from "@/features/auth/require-user";
import { ComparePage } from "@/features/compare/compare-page";

export default async function Page({ searchParams }: { searchParams: Promise<{ a?: string; b?: string }> }) {
  const { a = "", b = "" } = await searchParams;
  return (
    <RequireUser>
      <ComparePage a={a} b={b} />
    </RequireUser>
  );
}
