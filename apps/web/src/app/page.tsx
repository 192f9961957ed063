import { RequireUser } from "@/features/auth/require-user";
import { ProjectList } from "@/features/projects/project-list";

export default function HomePage() {
  return (
    <RequireUser>
      <ProjectList />
    </RequireUser>
  );
}
