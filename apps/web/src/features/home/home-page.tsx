"use client";
import { useMutation, useQuery } from "@apollo/client/react";
import { useState } from "react";
import { errorMessage } from "@/lib/errors";
import { LabTable } from "../labs/lab-table";
import { formatDate } from "@/lib/format";
import { AcceptInvitationMutation, HomeQuery } from "../labs/lab.operations";
import { ProjectList } from "../projects/project-list";

/** What a signed-in user starts from: invitations waiting for them, their labs, their projects. */
export function HomePage() {
  const { data, loading, error } = useQuery(HomeQuery);
  const [accept, acceptState] = useMutation(AcceptInvitationMutation, { refetchQueries: "active" });
  const [acceptError, setAcceptError] = useState<string | null>(null);

  return (
    <>
      {error && <p className="error">{error.message}</p>}
      {data && data.myInvitations.length > 0 && (
        <section className="panel" data-testid="my-invitations">
          <h2 style={{ marginTop: 0 }}>Invitations</h2>
          <table>
            <thead>
              <tr><th>Lab</th><th>Role</th><th>Invited by</th><th>When</th><th /></tr>
            </thead>
            <tbody>
              {data.myInvitations.map((inv) => (
                <tr key={inv.id}>
                  <td>{inv.lab.name}</td>
                  <td>{inv.role}</td>
                  <td>{inv.invitedBy.name}</td>
                  <td>{formatDate(inv.createdAt)}</td>
                  <td>
                    <button
                      disabled={acceptState.loading}
                      onClick={async () => {
                        setAcceptError(null);
                        try {
                          await accept({ variables: { id: inv.id } });
                        } catch (err) {
                          setAcceptError(errorMessage(err));
                        }
                      }}
                    >
                      Accept
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {acceptError && <p className="error" role="alert">{acceptError}</p>}
        </section>
      )}

      <h1>My labs</h1>
      {loading && !data && <p className="muted">Loading…</p>}
      {data && (
        <LabTable labs={data.labs.nodes} testId="my-labs" />
      )}

      <ProjectList />
    </>
  );
}
