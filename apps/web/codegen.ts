import type { CodegenConfig } from "@graphql-codegen/cli";

// Types for every GraphQL operation of the web app, generated from the API's SDL files.
const config: CodegenConfig = {
  schema: "../api/src/**/*.graphql",
  documents: ["src/**/*.{ts,tsx}", "!src/gql/**/*"],
  ignoreNoDocuments: true,
  generates: {
    "src/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        scalars: { DateTime: "string", JSON: "unknown" },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
