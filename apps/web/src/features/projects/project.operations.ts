import { graphql } from "@/gql";

export const ProjectsQuery = graphql(`
  query Projects($labId: ID) {
    projects(first: 100, labId: $labId) {
      totalCount
      nodes {
        id
        name
        description
        visibility
        myAccess
        createdAt
        lab {
          id
          name
        }
        images {
          totalCount
        }
        runs {
          totalCount
        }
      }
    }
  }
`);

export const CreateProjectMutation = graphql(`
  mutation CreateProject($input: CreateProjectInput!) {
    createProject(input: $input) {
      id
      name
    }
  }
`);

export const UpdateProjectMutation = graphql(`
  mutation UpdateProject($input: UpdateProjectInput!) {
    updateProject(input: $input) {
      id
      name
      description
      visibility
    }
  }
`);

export const AddProjectMemberMutation = graphql(`
  mutation AddProjectMember($projectId: ID!, $userId: ID!) {
    addProjectMember(projectId: $projectId, userId: $userId) {
      id
      members {
        id
        name
        email
      }
    }
  }
`);

export const RemoveProjectMemberMutation = graphql(`
  mutation RemoveProjectMember($projectId: ID!, $userId: ID!) {
    removeProjectMember(projectId: $projectId, userId: $userId) {
      id
      members {
        id
        name
        email
      }
    }
  }
`);

export const ProjectQuery = graphql(`
  query Project($id: ID!) {
    project(id: $id) {
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
      members {
        id
        name
        email
      }
      lab {
        id
        name
        myRole
        members(first: 50) {
          nodes {
            role
            user {
              id
              name
              email
            }
          }
        }
        profiles(first: 20) {
          nodes {
            id
            name
            current {
              id
              version
              channels {
                name
                emissionNm
              }
            }
            psfs(first: 20) {
              nodes {
                id
                name
                version
                channel
                model
                source
                isDefault
              }
            }
          }
        }
        templates(first: 50) {
          nodes {
            id
            name
            algorithm
            params
          }
        }
      }
      images(first: 100) {
        totalCount
        nodes {
          id
          name
          shape
          sampleType
          channels
          frames
          tags
          voxelSize {
            x
            y
            z
            unit
          }
          fileVoxelSize {
            x
            y
            z
            unit
          }
          voxelSizeOverride {
            x
            y
            z
            unit
          }
          profile {
            id
            name
          }
          profileVersion {
            id
            version
          }
          dataset {
            id
            name
          }
          file {
            id
            size
            sha256
            previewUrl
          }
        }
      }
      datasets(first: 50) {
        totalCount
        nodes {
          id
          name
          createdAt
          images {
            id
            name
          }
        }
      }
      runs(first: 100) {
        totalCount
        nodes {
          id
          algorithm
          status
          progress
          iteration
          queuePosition
          createdAt
          finishedAt
          batch {
            id
          }
          image {
            id
            name
          }
          psf {
            id
            name
            source
            model
          }
          submittedBy {
            id
            name
          }
        }
      }
    }
  }
`);
