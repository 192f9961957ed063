import { AuthForm } from "@/features/auth/auth-form";

export default function SignUpPage() {
  return <AuthForm mode="signup" />;
}
