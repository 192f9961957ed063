"use client";
import { useQuery } from "@apollo/client/react";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import type { AuditFilter } from "@/gql/graphql";
import { useApiUrl } from "@/lib/api-url";
import { formatDate } from "@/lib/format";
import { AuditChoicesQuery, AuditEventsQuery } from "./audit.operations";

const FIELDS = ["labId", "projectId", "actorId", "objectType", "objectId", "action", "from", "to"] as const;

/** datetime-local gives local time without a zone; the API wants ISO-8601. */
function toIso(local: string): string {
  return new Date(local).toISOString();
}

function readFilter(form: FormData): AuditFilter {
  const filter: AuditFilter = {};
  for (const f of FIELDS) {
    const v = String(form.get(f) ?? "").trim();
    if (!v) continue;
    filter[f] = f === "from" || f === "to" ? toIso(v) : v;
  }
  return filter;
}

/** The CSV endpoint takes the same filter as query parameters; the session cookie goes with the link. */
export function auditCsvHref(apiUrl: string, filter: AuditFilter): string {
  const q = new URLSearchParams();
  for (const f of FIELDS) {
    const v = filter[f];
    if (v) q.set(f, String(v));
  }
  return `${apiUrl}/api/audit.csv?${q.toString()}`;
}

/** Who changed what, filtered; newest first, 50 a page, exportable as CSV. */
export function AuditPage() {
  const apiUrl = useApiUrl();
  const [filter, setFilter] = useState<AuditFilter>({});
  const choices = useQuery(AuditChoicesQuery);
  const { data, loading, error, fetchMore } = useQuery(AuditEventsQuery, { variables: { filter, first: 50 } });
  const [labId, setLabId] = useState("");
  const labs = choices.data?.labs.nodes ?? [];
  const projects = (choices.data?.projects.nodes ?? []).filter((p) => !labId || p.lab.id === labId);
  const users = new Map<string, { id: string; name: string; email: string }>();
  for (const l of labs) if (!labId || l.id === labId) for (const m of l.members.nodes) users.set(m.user.id, m.user);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setFilter(readFilter(new FormData(e.currentTarget)));
  }

  const events = data?.auditEvents;
  return (
    <>
      <h1>Audit log</h1>
      <form className="panel row" onSubmit={submit} data-testid="audit-filter">
        <label>
          Lab
          <select name="labId" value={labId} onChange={(e) => setLabId(e.target.value)}>
            <option value="">All my labs</option>
            {labs.map((l) => (
              <option key={l.id} value={l.id}>{l.name}</option>
            ))}
          </select>
        </label>
        <label>
          Project
          <select name="projectId" defaultValue="">
            <option value="">Any</option>
            {projects.map((p) => (
              <option key={p.id} value={p.id}>{p.name}</option>
            ))}
          </select>
        </label>
        <label>
          User
          <select name="actorId" defaultValue="">
            <option value="">Anyone</option>
            {[...users.values()].map((u) => (
              <option key={u.id} value={u.id}>{u.name} ({u.email})</option>
            ))}
          </select>
        </label>
        <label>
          Object type
          <input name="objectType" placeholder="e.g. Run, Psf" />
        </label>
        <label>
          Object id
          <input name="objectId" />
        </label>
        <label>
          Action
          <input name="action" placeholder="e.g. run.submit" />
        </label>
        <label>
          From
          <input name="from" type="datetime-local" />
        </label>
        <label>
          To
          <input name="to" type="datetime-local" />
        </label>
        <button type="submit">Filter</button>
        <a href={auditCsvHref(apiUrl, filter)} data-testid="audit-csv" download>Export CSV</a>
      </form>
      {loading && !data && <p className="muted">Loading…</p>}
      {error && <p className="error">{error.message}</p>}
      {events && (
        <>
          <p className="muted" data-testid="audit-count">{events.totalCount} event{events.totalCount === 1 ? "" : "s"}</p>
          <table className="panel" data-testid="audit-table">
            <thead><tr><th>When</th><th>Who</th><th>Action</th><th>Object</th><th>Lab</th><th>Project</th><th>Details</th></tr></thead>
            <tbody>
              {events.nodes.map((ev) => (
                <tr key={ev.id} data-testid="audit-row">
                  <td>{formatDate(ev.at)}</td>
                  <td>{ev.actor ? ev.actor.name : "system"}</td>
                  <td>{ev.action}</td>
                  <td>{ev.objectType} <code title={ev.objectId}>{ev.objectId.slice(0, 8)}</code></td>
                  <td>{ev.lab ? <Link href={`/labs/${ev.lab.id}`}>{ev.lab.name}</Link> : "—"}</td>
                  <td>{ev.project ? <Link href={`/projects/${ev.project.id}`}>{ev.project.name}</Link> : "—"}</td>
                  <td>
                    {/* details can hold whole parameter sets: a line of it, the rest on demand */}
                    <details>
                      <summary><code style={{ fontSize: "0.8rem" }}>{JSON.stringify(ev.details).slice(0, 60)}</code></summary>
                      <pre style={{ whiteSpace: "pre-wrap", fontSize: "0.8rem" }}>{JSON.stringify(ev.details, null, 2)}</pre>
                    </details>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {events.pageInfo.hasNextPage && (
            <button
              className="secondary"
              onClick={() =>
                fetchMore({
                  variables: { after: events.pageInfo.endCursor },
                  updateQuery: (prev, { fetchMoreResult }) => ({
                    auditEvents: { ...fetchMoreResult.auditEvents, nodes: [...prev.auditEvents.nodes, ...fetchMoreResult.auditEvents.nodes] },
                  }),
                })
              }
            >
              Older events
            </button>
          )}
        </>
      )}
    </>
  );
}
