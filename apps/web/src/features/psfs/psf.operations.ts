import { graphql } from "@/gql";

export const GeneratePsfMutation = graphql(`
  mutation GeneratePsf($input: GeneratePsfInput!) {
    generatePsf(input: $input) {
      id
      version
    }
  }
`);

export const UploadPsfMutation = graphql(`
  mutation UploadPsf($input: UploadPsfInput!) {
    uploadPsf(input: $input) {
      id
      version
    }
  }
`);

export const DistillPsfMutation = graphql(`
  mutation DistillPsf($input: DistillPsfInput!) {
    distillPsf(input: $input) {
      id
      version
      params
    }
  }
`);

export const SetDefaultPsfMutation = graphql(`
  mutation SetDefaultPsf($id: ID!) {
    setDefaultPsf(id: $id) {
      id
      isDefault
    }
  }
`);

export const DeletePsfMutation = graphql(`
  mutation DeletePsf($id: ID!) {
    deletePsf(id: $id)
  }
`);

/** Images a bead distillation can use: those of one project. */
export const BeadImagesQuery = graphql(`
  query BeadImages($projectId: ID!) {
    project(id: $projectId) {
      id
      images(first: 200) {
        nodes {
          id
          name
          shape
        }
      }
    }
  }
`);

export const MyProjectsQuery = graphql(`
  query MyProjects {
    projects(first: 100) {
      nodes {
        id
        name
        lab {
          id
          name
        }
      }
    }
  }
`);
