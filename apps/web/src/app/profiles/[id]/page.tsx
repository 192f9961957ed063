import { RequireUser } from "@/features/auth/require-user";
import { ProfilePage } from "@/features/profiles/profile-page";

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <RequireUser>
      <ProfilePage id={id} />
    </RequireUser>
  );
}
