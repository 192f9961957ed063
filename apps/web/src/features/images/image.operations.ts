import { graphql } from "@/gql";

export const RegisterImageMutation = graphql(`
  mutation RegisterImage($input: RegisterImageInput!) {
    registerImage(input: $input) {
      id
      name
      shape
    }
  }
`);

export const UpdateImageMutation = graphql(`
  mutation UpdateImage($input: UpdateImageInput!) {
    updateImage(input: $input) {
      id
      name
      tags
      voxelSize {
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
    }
  }
`);

export const CreateDatasetMutation = graphql(`
  mutation CreateDataset($input: CreateDatasetInput!) {
    createDataset(input: $input) {
      id
      name
    }
  }
`);
