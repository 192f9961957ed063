import { graphql } from "@/gql";

export const MeQuery = graphql(`
  query Me {
    me {
      id
      email
      name
      role
    }
  }
`);

export const SignUpMutation = graphql(`
  mutation SignUp($input: SignUpInput!) {
    signUp(input: $input) {
      user {
        id
        email
        name
        role
      }
    }
  }
`);

export const LogInMutation = graphql(`
  mutation LogIn($input: LogInInput!) {
    logIn(input: $input) {
      user {
        id
        email
        name
        role
      }
    }
  }
`);

export const LogOutMutation = graphql(`
  mutation LogOut {
    logOut
  }
`);
