import { AuthForm } from "@/features/auth/auth-form";

export default function LoginPage() {
  return <AuthForm mode="login" />;
}
