import { RequireUser } from "@/features/auth/require-user";
import { PreviewPage } from "@/features/preview/preview-page";

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <RequireUser>
      <PreviewPage projectId={id} />
    </RequireUser>
  );
}
