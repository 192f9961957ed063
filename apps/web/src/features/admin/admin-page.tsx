"use client";
import { useQuery } from "@apollo/client/react";
import { formatBytes, formatDate } from "@/lib/format";
import { MeQuery } from "../auth/auth.operations";
import { AdminOverviewQuery } from "./admin.operations";

/** The instance at a glance for administrators: users, labs, disk and the queue. */
export function AdminPage() {
  const me = useQuery(MeQuery);
  const isAdmin = me.data?.me?.role === "ADMIN";
  const { data, loading, error } = useQuery(AdminOverviewQuery, { skip: !isAdmin });
  if (me.loading) return <p className="muted">Loading…</p>;
  if (!isAdmin) return <p className="error" data-testid="not-admin">This page is for administrators of this Refocus instance. Ask one if you need something here.</p>;
  if (loading && !data) return <p className="muted">Loading…</p>;
  if (error) return <p className="error">{error.message}</p>;
  const o = data?.adminOverview;
  if (!o) return null;
  return (
    <>
      <h1>Administration</h1>
      <div className="panel">
        <dl className="meta" data-testid="admin-totals">
          <dt>Disk use</dt><dd>{formatBytes(o.diskBytes)} in {o.fileCount} files</dd>
          <dt>Queue</dt><dd>{o.queue.queued} queued · {o.queue.running} running</dd>
          <dt>Last 24 h</dt><dd>{o.queue.succeededLastDay} succeeded · {o.queue.failedLastDay} failed</dd>
        </dl>
      </div>
      <h2>Labs</h2>
      <table className="panel" data-testid="admin-labs">
        <thead><tr><th>Lab</th><th>Members</th><th>Projects</th><th>Disk</th></tr></thead>
        <tbody>
          {o.labs.map((l) => (
            <tr key={l.id}><td>{l.name}</td><td>{l.memberCount}</td><td>{l.projectCount}</td><td>{formatBytes(l.diskBytes)}</td></tr>
          ))}
        </tbody>
      </table>
      <h2>Users ({o.users.totalCount})</h2>
      <table className="panel" data-testid="admin-users">
        <thead><tr><th>Name</th><th>Email</th><th>Role</th><th>Since</th></tr></thead>
        <tbody>
          {o.users.nodes.map((u) => (
            <tr key={u.id}><td>{u.name}</td><td>{u.email}</td><td>{u.role}</td><td>{formatDate(u.createdAt)}</td></tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
