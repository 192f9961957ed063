import { RequireUser } from "@/features/auth/require-user";
import { ProjectPage } from "@/features/projects/project-page";

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <RequireUser>
      <ProjectPage id={id} />
    </RequireUser>
  );
}
