import { RequireUser } from "@/features/auth/require-user";
import { HomePage } from "@/features/home/home-page";

export default function Page() {
  return (
    <RequireUser>
      <HomePage />
    </RequireUser>
  );
}
