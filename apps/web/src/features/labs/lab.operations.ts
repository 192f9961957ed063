import { graphql } from "@/gql";

/** One row of the lab tables (home page and /labs). */
export const LabRowFields = graphql(`
  fragment LabRowFields on Lab {
    id
    name
    myRole
    members {
      totalCount
    }
    projects {
      totalCount
    }
  }
`);

export const HomeQuery = graphql(`
  query Home {
    labs(first: 100) {
      totalCount
      nodes {
        ...LabRowFields
      }
    }
    myInvitations {
      id
      email
      role
      createdAt
      lab {
        id
        name
      }
      invitedBy {
        id
        name
      }
    }
  }
`);

export const LabsQuery = graphql(`
  query Labs {
    labs(first: 100) {
      nodes {
        id
        name
        myRole
      }
    }
  }
`);

export const CreateLabMutation = graphql(`
  mutation CreateLab($input: CreateLabInput!) {
    createLab(input: $input) {
      id
      name
      myRole
    }
  }
`);

export const AcceptInvitationMutation = graphql(`
  mutation AcceptInvitation($id: ID!) {
    acceptInvitation(id: $id) {
      id
      name
      myRole
    }
  }
`);

export const LabQuery = graphql(`
  query Lab($id: ID!) {
    lab(id: $id) {
      id
      name
      myRole
      createdAt
      members(first: 200) {
        totalCount
        nodes {
          role
          joinedAt
          user {
            id
            name
            email
          }
        }
      }
      invitations {
        id
        email
        role
        createdAt
        acceptedAt
        invitedBy {
          id
          name
        }
      }
      projects(first: 100) {
        totalCount
        nodes {
          id
          name
          description
          visibility
          myAccess
          createdAt
          owner {
            id
            name
          }
        }
      }
      profiles(first: 100) {
        totalCount
        nodes {
          id
          name
          createdAt
          current {
            id
            version
            modality
            magnification
            na
            immersionMedium
            channels {
              name
              emissionNm
            }
          }
        }
      }
      templates(first: 100) {
        totalCount
        nodes {
          id
          name
          algorithm
          params
          createdAt
          createdBy {
            id
            name
          }
        }
      }
    }
  }
`);

export const InviteToLabMutation = graphql(`
  mutation InviteToLab($input: InviteToLabInput!) {
    inviteToLab(input: $input) {
      id
      email
      role
    }
  }
`);

export const RevokeInvitationMutation = graphql(`
  mutation RevokeInvitation($id: ID!) {
    revokeInvitation(id: $id) {
      id
    }
  }
`);

export const SetLabMemberRoleMutation = graphql(`
  mutation SetLabMemberRole($input: SetLabMemberRoleInput!) {
    setLabMemberRole(input: $input) {
      role
      user {
        id
      }
    }
  }
`);

export const RemoveLabMemberMutation = graphql(`
  mutation RemoveLabMember($labId: ID!, $userId: ID!) {
    removeLabMember(labId: $labId, userId: $userId)
  }
`);
