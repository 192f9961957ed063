import { graphql } from "@/gql";

/** The project's images, with the file URL the browser fetches to deconvolve a region itself. */
export const PreviewImagesQuery = graphql(`
  query PreviewImages($id: ID!) {
    project(id: $id) {
      id
      name
      images(first: 100) {
        nodes {
          id
          name
          shape
          channels
          frames
          file {
            url
          }
        }
      }
    }
  }
`);
