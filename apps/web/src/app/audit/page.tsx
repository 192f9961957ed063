import { RequireUser } from "@/features/auth/require-user";
import { AuditPage } from "@/features/audit/audit-page";

export default function Page() {
  return (
    <RequireUser>
      <AuditPage />
    </RequireUser>
  );
}
