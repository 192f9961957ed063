import { RequireUser } from "@/features/auth/require-user";
import { AdminPage } from "@/features/admin/admin-page";

export default function Page() {
  return (
    <RequireUser>
      <AdminPage />
    </RequireUser>
  );
}
