import { graphql } from "@/gql";

export const ProjectsQuery = graphql(`
  query Projects {
    projects {
      id
      name
      description
      createdAt
      images {
        id
      }
      runs {
        id
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

export const ProjectQuery = graphql(`
  query Project($id: ID!) {
    project(id: $id) {
      id
      name
      description
      images {
        id
        name
        shape
        sampleType
        channels
        frames
        voxelSize {
          x
          y
          z
          unit
        }
        file {
          id
          size
          sha256
          previewUrl
        }
      }
      runs {
        id
        algorithm
        status
        progress
        createdAt
        image {
          id
          name
        }
      }
    }
  }
`);
