import type { LabRole } from "@/gql/graphql";

/** Lab roles, strongest first, with what each may do (the API enforces it; the page only hides buttons). */
export const LAB_ROLES: { role: LabRole; label: string; help: string }[] = [
  { role: "OWNER", label: "Owner", help: "everything, including the lab's members and roles" },
  { role: "MANAGER", label: "Manager", help: "members, microscope profiles, PSF library, templates, every project" },
  { role: "MEMBER", label: "Member", help: "creates projects and runs, reads the lab's shared resources" },
  { role: "VIEWER", label: "Viewer", help: "looks, changes nothing" },
];

/** Owners and managers run the lab's shared resources: members, profiles, PSFs, templates. */
export function canManageLab(role: LabRole | null | undefined): boolean {
  return role === "OWNER" || role === "MANAGER";
}
