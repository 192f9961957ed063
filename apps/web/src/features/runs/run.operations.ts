import { graphql } from "@/gql";

export const SubmitRunMutation = graphql(`
  mutation SubmitRun($input: SubmitRunInput!) {
    submitRun(input: $input) {
      id
      status
    }
  }
`);

export const SubmitBatchMutation = graphql(`
  mutation SubmitBatch($input: SubmitBatchInput!) {
    submitBatch(input: $input) {
      id
      runs {
        id
        status
      }
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

export const RerunMutation = graphql(`
  mutation Rerun($input: RerunInput!) {
    rerun(input: $input) {
      id
      status
    }
  }
`);

export const ReproduceRunMutation = graphql(`
  mutation ReproduceRun($id: ID!) {
    reproduceRun(id: $id) {
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
      queuePosition
      error
      attempts
      workerId
      createdAt
      startedAt
      finishedAt
      provenance
      reproduces
      reproducedMatch
      history {
        iteration
        relativeChange
        objective
        elapsedMs
      }
      psf {
        id
        name
        source
        model
        version
        channel
        params
        sha256
        profile {
          id
          name
        }
      }
      profileVersion {
        id
        version
      }
      batch {
        id
        runs {
          id
        }
      }
      sourceRun {
        id
        output {
          id
          sha256
        }
      }
      project {
        id
        name
        myAccess
      }
      image {
        id
        name
        shape
        file {
          id
          sha256
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

export const CompareRunsQuery = graphql(`
  query CompareRuns($a: ID!, $b: ID!) {
    compareRuns(a: $a, b: $b) {
      psnr
      nrmse
      pearson
      paramDiff
      a {
        ...CompareRunFields
      }
      b {
        ...CompareRunFields
      }
    }
  }
`);

export const CompareRunFields = graphql(`
  fragment CompareRunFields on Run {
    id
    algorithm
    params
    status
    createdAt
    project {
      id
      name
    }
    psf {
      id
      name
      model
      source
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
      previewUrl
    }
  }
`);
