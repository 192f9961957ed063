import { graphql } from "@/gql";

export const AuditEventsQuery = graphql(`
  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        at
        action
        objectType
        objectId
        details
        actor {
          id
          name
          email
        }
        lab {
          id
          name
        }
        project {
          id
          name
        }
      }
    }
  }
`);

/** What the filter's selects offer: the labs and projects the user can see. */
export const AuditChoicesQuery = graphql(`
  query AuditChoices {
    labs(first: 20) {
      nodes {
        id
        name
        myRole
        members(first: 50) {
          nodes {
            user {
              id
              name
              email
            }
          }
        }
      }
    }
    projects(first: 100) {
      nodes {
        id
        name
        lab {
          id
        }
      }
    }
  }
`);
