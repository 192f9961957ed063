import { graphql } from "@/gql";

export const OpticsFields = graphql(`
  fragment OpticsFields on MicroscopeProfileVersion {
    id
    version
    modality
    magnification
    na
    immersionMedium
    immersionIndex
    sampleIndex
    coverslipIndex
    coverslipThicknessUm
    pixelSizeNm
    zStepNm
    pinholeAiryUnits
    channels {
      name
      excitationNm
      emissionNm
    }
    createdAt
    createdBy {
      id
      name
    }
  }
`);

export const PsfFields = graphql(`
  fragment PsfFields on Psf {
    id
    name
    source
    model
    params
    channel
    version
    shape
    sha256
    quality
    isDefault
    inUse
    createdAt
    createdBy {
      id
      name
    }
    file {
      id
      name
      size
      url
      previewUrl
    }
  }
`);

export const ProfileQuery = graphql(`
  query MicroscopeProfile($id: ID!) {
    microscopeProfile(id: $id) {
      id
      name
      createdAt
      lab {
        id
        name
        myRole
      }
      current {
        ...OpticsFields
      }
      versions {
        ...OpticsFields
      }
      psfs(first: 200) {
        totalCount
        nodes {
          ...PsfFields
        }
      }
    }
  }
`);

export const CreateProfileMutation = graphql(`
  mutation CreateMicroscopeProfile($input: CreateMicroscopeProfileInput!) {
    createMicroscopeProfile(input: $input) {
      id
      name
    }
  }
`);

export const UpdateProfileMutation = graphql(`
  mutation UpdateMicroscopeProfile($input: UpdateMicroscopeProfileInput!) {
    updateMicroscopeProfile(input: $input) {
      id
      name
      current {
        id
        version
      }
    }
  }
`);
