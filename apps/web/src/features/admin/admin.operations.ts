import { graphql } from "@/gql";

export const AdminOverviewQuery = graphql(`
  query AdminOverview {
    adminOverview {
      diskBytes
      fileCount
      queue {
        queued
        running
        succeededLastDay
        failedLastDay
      }
      labs {
        id
        name
        memberCount
        projectCount
        diskBytes
      }
      users(first: 200) {
        totalCount
        nodes {
          id
          name
          email
          role
          createdAt
        }
      }
    }
  }
`);
