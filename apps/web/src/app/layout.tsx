import type { Metadata } from "next";
import type { ReactNode } from "react";
import { TopBar } from "@/features/auth/top-bar";
import { Providers } from "./providers";
import "./globals.css";

export const metadata: Metadata = {
  title: "Refocus",
  description: "Fluorescence-microscopy deconvolution for the whole lab",
};

// the API's address is read when a page is served, so one build works behind any host name
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: ReactNode }) {
  const apiUrl = process.env.API_PUBLIC_URL ?? "http://localhost:4000";
  return (
    <html lang="en">
      <body>
        <Providers apiUrl={apiUrl}>
          <TopBar />
          <main>{children}</main>
        </Providers>
      </body>
    </html>
  );
}
