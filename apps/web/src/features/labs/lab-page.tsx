"use client";
import { useQuery } from "@apollo/client/react";
import Link from "next/link";
import { ProfileList } from "../profiles/profile-list";
import { ProjectList } from "../projects/project-list";
import { TemplateSection } from "../templates/template-section";
import { LabQuery } from "./lab.operations";
import { LabMembers } from "./lab-members";
import { canManageLab } from "./roles";

/** One lab: its people, its microscopes, its shared run templates and its projects. */
export function LabPage({ id }: { id: string }) {
  const { data, loading, error } = useQuery(LabQuery, { variables: { id } });
  if (loading && !data) return <p className="muted">Loading…</p>;
  if (error) return <p className="error">{error.message}</p>;
  const lab = data?.lab;
  if (!lab) return <p className="error" data-testid="not-found">Lab not found.</p>;
  const canManage = canManageLab(lab.myRole);
  return (
    <>
      <p className="muted"><Link href="/labs">Labs</Link> / {lab.name}</p>
      <h1>{lab.name} <span className="status" data-testid="my-role">{lab.myRole}</span></h1>
      <LabMembers labId={lab.id} members={lab.members.nodes} invitations={lab.invitations} canManage={canManage} />
      <ProfileList labId={lab.id} profiles={lab.profiles.nodes} canManage={canManage} />
      <TemplateSection labId={lab.id} templates={lab.templates.nodes} canManage={canManage} />
      {lab.myRole === "VIEWER" ? (
        <>
          <h2>Projects</h2>
          <ul className="panel">
            {lab.projects.nodes.map((p) => (
              <li key={p.id}><Link href={`/projects/${p.id}`}>{p.name}</Link></li>
            ))}
          </ul>
        </>
      ) : (
        <ProjectList labId={lab.id} />
      )}
    </>
  );
}
