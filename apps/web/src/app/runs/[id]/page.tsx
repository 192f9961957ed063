import { RequireUser } from "@/features/auth/require-user";
import { RunPage } from "@/features/runs/run-page";

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <RequireUser>
      <RunPage id={id} />
    </RequireUser>
  );
}
