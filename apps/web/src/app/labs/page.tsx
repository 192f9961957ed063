import { RequireUser } from "@/features/auth/require-user";
import { LabList } from "@/features/labs/lab-list";

export default function Page() {
  return (
    <RequireUser>
      <LabList />
    </RequireUser>
  );
}
