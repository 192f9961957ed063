"use client";
import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";
import { ApolloProvider } from "@apollo/client/react";
import { useState, type ReactNode } from "react";
import { ApiUrlProvider } from "@/lib/api-url";

export function Providers({ apiUrl, children }: { apiUrl: string; children: ReactNode }) {
  const [client] = useState(
    () =>
      new ApolloClient({
        // the session cookie goes with every request; the API allows this origin with credentials
        link: new HttpLink({ uri: `${apiUrl}/graphql`, credentials: "include" }),
        cache: new InMemoryCache(),
      }),
  );
  return (
    <ApiUrlProvider value={apiUrl}>
      <ApolloProvider client={client}>{children}</ApolloProvider>
    </ApiUrlProvider>
  );
}
