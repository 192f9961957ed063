"use client";
import { useState } from "react";
import type { PsfFieldsFragment } from "@/gql/graphql";
import { DistillPsfForm, GeneratePsfForm, UploadPsfForm } from "./psf-forms";
import { PsfTable } from "./psf-table";

interface Channel {
  name: string;
  emissionNm: number;
}

/** The PSF library of a profile, one tab per channel; managers add PSFs three ways. */
export function PsfLibrary({ profileId, channels, psfs, canManage }: { profileId: string; channels: Channel[]; psfs: PsfFieldsFragment[]; canManage: boolean }) {
  const [channel, setChannel] = useState(0);
  const shown = psfs.filter((p) => (p.channel ?? 0) === channel);
  return (
    <section data-testid="psf-library">
      <h2>PSF library</h2>
      <div className="row" role="tablist" style={{ marginBottom: "0.75rem" }}>
        {channels.map((c, i) => (
          <button key={i} role="tab" aria-selected={i === channel} className={i === channel ? undefined : "secondary"} onClick={() => setChannel(i)}>
            {c.name} ({c.emissionNm} nm) · {psfs.filter((p) => (p.channel ?? 0) === i).length}
          </button>
        ))}
      </div>
      <div className="panel">
        <PsfTable psfs={shown} canManage={canManage} />
      </div>
      {canManage && (
        <>
          <GeneratePsfForm key={`g${channel}`} profileId={profileId} channels={channels} channel={channel} />
          <UploadPsfForm key={`u${channel}`} profileId={profileId} channels={channels} channel={channel} />
          <DistillPsfForm key={`d${channel}`} profileId={profileId} channels={channels} channel={channel} />
        </>
      )}
    </section>
  );
}
