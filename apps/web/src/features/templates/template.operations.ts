import { graphql } from "@/gql";

export const CreateRunTemplateMutation = graphql(`
  mutation CreateRunTemplate($input: CreateRunTemplateInput!) {
    createRunTemplate(input: $input) {
      id
      name
      algorithm
      params
    }
  }
`);

export const DeleteRunTemplateMutation = graphql(`
  mutation DeleteRunTemplate($id: ID!) {
    deleteRunTemplate(id: $id)
  }
`);
