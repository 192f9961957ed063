"use client";
import { useMutation } from "@apollo/client/react";
import { useState, type ChangeEvent, type FormEvent } from "react";
import type { LabRole } from "@/gql/graphql";
import { errorMessage } from "@/lib/errors";
import { formatDate } from "@/lib/format";
import { InviteToLabMutation, LabQuery, RemoveLabMemberMutation, RevokeInvitationMutation, SetLabMemberRoleMutation } from "./lab.operations";
import { LAB_ROLES } from "./roles";

interface Member {
  role: LabRole;
  joinedAt: string;
  user: { id: string; name: string; email: string };
}

interface Invitation {
  id: string;
  email: string;
  role: LabRole;
  createdAt: string;
  invitedBy: { name: string };
}

/**
 * With onChange, the select shows `value` (the role the server holds, or the one being saved), so a
 * refused change falls back to the real role; without, it is a plain form field starting at Member.
 */
function RoleSelect({ name, value, onChange }: { name: string; value?: LabRole; onChange?: (r: LabRole) => void }) {
  const shown = onChange ? { value, onChange: (e: ChangeEvent<HTMLSelectElement>) => onChange(e.target.value as LabRole) } : { defaultValue: value ?? "MEMBER" };
  return (
    <select name={name} {...shown} aria-label={name === "role" ? "Role" : undefined}>
      {LAB_ROLES.map((r) => (
        <option key={r.role} value={r.role} title={r.help}>{r.label}</option>
      ))}
    </select>
  );
}

/** Members with their roles; owners and managers change roles, remove members, invite and revoke. */
export function LabMembers({ labId, members, invitations, canManage }: { labId: string; members: Member[]; invitations: Invitation[]; canManage: boolean }) {
  const opts = { refetchQueries: [LabQuery] };
  const [invite, inviteState] = useMutation(InviteToLabMutation, opts);
  const [revoke] = useMutation(RevokeInvitationMutation, opts);
  const [setRole] = useMutation(SetLabMemberRoleMutation, { ...opts, awaitRefetchQueries: true });
  const [removeMember] = useMutation(RemoveLabMemberMutation, opts);
  const [error, setError] = useState<string | null>(null);
  // roles picked but not yet saved, by user id; dropped when the API answers (saved or refused)
  const [savingRoles, setSavingRoles] = useState<Record<string, LabRole>>({});

  async function attempt(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
    } catch (err) {
      setError(errorMessage(err));
    }
  }

  async function changeRole(userId: string, role: LabRole) {
    setSavingRoles((r) => ({ ...r, [userId]: role }));
    await attempt(() => setRole({ variables: { input: { labId, userId, role } } }));
    setSavingRoles((r) => {
      const rest = { ...r };
      delete rest[userId];
      return rest;
    });
  }

  async function submitInvite(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const el = e.currentTarget;
    const form = new FormData(el);
    await attempt(async () => {
      await invite({ variables: { input: { labId, email: String(form.get("email") ?? ""), role: String(form.get("role")) as LabRole } } });
      el.reset();
    });
  }

  return (
    <section>
      <h2>Members</h2>
      <div className="panel">
        <table data-testid="members-table">
          <thead>
            <tr><th>Name</th><th>Email</th><th>Role</th><th>Joined</th>{canManage && <th />}</tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.user.id}>
                <td>{m.user.name}</td>
                <td>{m.user.email}</td>
                <td>
                  {canManage ? (
                    <RoleSelect name={`role-${m.user.id}`} value={savingRoles[m.user.id] ?? m.role} onChange={(role) => changeRole(m.user.id, role)} />
                  ) : (
                    m.role
                  )}
                </td>
                <td>{formatDate(m.joinedAt)}</td>
                {canManage && (
                  <td>
                    <button className="secondary" onClick={() => attempt(() => removeMember({ variables: { labId, userId: m.user.id } }))}>Remove</button>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>

        {canManage && (
          <>
            <h3>Invitations</h3>
            {invitations.length === 0 ? (
              <p className="muted">No open invitations.</p>
            ) : (
              <table data-testid="invitations-table">
                <thead>
                  <tr><th>Email</th><th>Role</th><th>Invited by</th><th>When</th><th /></tr>
                </thead>
                <tbody>
                  {invitations.map((inv) => (
                    <tr key={inv.id}>
                      <td>{inv.email}</td>
                      <td>{inv.role}</td>
                      <td>{inv.invitedBy.name}</td>
                      <td>{formatDate(inv.createdAt)}</td>
                      <td><button className="secondary" onClick={() => attempt(() => revoke({ variables: { id: inv.id } }))}>Revoke</button></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <form className="row" onSubmit={submitInvite} style={{ marginTop: "1rem" }} data-testid="invite-form">
              <label>
                Invite by email
                <input name="email" type="email" required placeholder="colleague@institute.org" />
              </label>
              <label>
                Role
                <RoleSelect name="role" />
              </label>
              <button type="submit" disabled={inviteState.loading}>Invite</button>
            </form>
          </>
        )}
        {error && <p className="error" role="alert">{error}</p>}
      </div>
    </section>
  );
}
