import Link from "next/link";
import type { LabRowFieldsFragment } from "@/gql/graphql";

/** The user's labs with their role and sizes, each linking to its page. */
export function LabTable({ labs, testId }: { labs: readonly LabRowFieldsFragment[]; testId: string }) {
  return (
    <table className="panel" data-testid={testId}>
      <thead>
        <tr><th>Lab</th><th>My role</th><th>Members</th><th>Projects</th></tr>
      </thead>
      <tbody>
        {labs.map((lab) => (
          <tr key={lab.id}>
            <td><Link href={`/labs/${lab.id}`}>{lab.name}</Link></td>
            <td>{lab.myRole}</td>
            <td>{lab.members.totalCount}</td>
            <td>{lab.projects.totalCount}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
