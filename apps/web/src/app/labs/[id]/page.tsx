import { RequireUser } from "@/features/auth/require-user";
import { LabPage } from "@/features/labs/lab-page";

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <RequireUser>
      <LabPage id={id} />
    </RequireUser>
  );
}
