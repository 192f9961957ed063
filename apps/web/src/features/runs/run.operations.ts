import { graphql } from "@/gql";

export const SubmitRunMutation = graphql(`
  mutation SubmitRun($input: SubmitRunInput!) {
    submitRun(input: $input) {
      id
      status
    }
  }
`);

export const CancelRunMutation = graphql(`
  mutation CancelRun($id: ID!) {
    cancelRun(id: $id) {
      id
      status
    }
  }
`);

export const RunQuery = graphql(`
  query Run($id: ID!) {
    run(id: $id) {
      id
      algorithm
      params
      status
      progress
      iteration
      error
      createdAt
      startedAt
      finishedAt
      provenance
      history {
        iteration
        relativeChange
        objective
        elapsedMs
      }
      psf {
        id
        model
        params
      }
      project {
        id
        name
      }
      image {
        id
        name
        shape
        file {
          id
          previewUrl
        }
      }
      output {
        id
        name
        size
        sha256
        url
        previewUrl
      }
      submittedBy {
        id
        name
      }
    }
  }
`);
