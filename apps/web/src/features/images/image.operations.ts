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
