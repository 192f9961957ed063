-- Labs and roles, microscope profiles with versions, the PSF library, datasets, templates, batches.
-- Projects made before labs existed move into a personal lab of their owner (see the backfill at the end).
-- CreateEnum
CREATE TYPE "LabRole" AS ENUM ('OWNER', 'MANAGER', 'MEMBER', 'VIEWER');

-- CreateEnum
CREATE TYPE "ProjectVisibility" AS ENUM ('PRIVATE', 'LAB');

-- CreateEnum
CREATE TYPE "Modality" AS ENUM ('WIDEFIELD', 'CONFOCAL', 'SPINNING_DISK', 'TWO_PHOTON', 'LIGHT_SHEET');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "PsfSource" ADD VALUE 'DISTILLED';
ALTER TYPE "PsfSource" ADD VALUE 'BLIND';

-- DropIndex
DROP INDEX "Image_projectId_idx";

-- DropIndex
DROP INDEX "Run_status_idx";

-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "labId" UUID;

-- AlterTable
ALTER TABLE "Image" ADD COLUMN     "datasetId" UUID,
ADD COLUMN     "profileVersionId" UUID,
ADD COLUMN     "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "voxelSizeOverride" JSONB;

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "labId" UUID,
ADD COLUMN     "visibility" "ProjectVisibility" NOT NULL DEFAULT 'PRIVATE';

-- AlterTable
ALTER TABLE "Psf" ADD COLUMN     "channel" INTEGER,
ADD COLUMN     "createdById" UUID,
ADD COLUMN     "deletedAt" TIMESTAMPTZ(3),
ADD COLUMN     "isDefault" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "labId" UUID,
ADD COLUMN     "name" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "profileId" UUID,
ADD COLUMN     "profileVersionId" UUID,
ADD COLUMN     "quality" JSONB,
ADD COLUMN     "sha256" TEXT,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1,
ALTER COLUMN "projectId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "batchId" UUID,
ADD COLUMN     "profileVersionId" UUID,
ADD COLUMN     "reproducedMatch" BOOLEAN,
ADD COLUMN     "reproduces" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "sourceRunId" UUID,
ADD COLUMN     "workerId" TEXT;

-- CreateTable
CREATE TABLE "Lab" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Lab_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LabMember" (
    "labId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "role" "LabRole" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LabMember_pkey" PRIMARY KEY ("labId","userId")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" UUID NOT NULL,
    "labId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "role" "LabRole" NOT NULL,
    "invitedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acceptedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProjectMember" (
    "projectId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProjectMember_pkey" PRIMARY KEY ("projectId","userId")
);

-- CreateTable
CREATE TABLE "MicroscopeProfile" (
    "id" UUID NOT NULL,
    "labId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "MicroscopeProfile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MicroscopeProfileVersion" (
    "id" UUID NOT NULL,
    "profileId" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "modality" "Modality" NOT NULL,
    "magnification" DOUBLE PRECISION NOT NULL,
    "na" DOUBLE PRECISION NOT NULL,
    "immersionMedium" TEXT NOT NULL,
    "immersionIndex" DOUBLE PRECISION NOT NULL,
    "sampleIndex" DOUBLE PRECISION NOT NULL,
    "coverslipIndex" DOUBLE PRECISION NOT NULL DEFAULT 1.515,
    "coverslipThicknessUm" DOUBLE PRECISION NOT NULL DEFAULT 170,
    "pixelSizeNm" DOUBLE PRECISION NOT NULL,
    "zStepNm" DOUBLE PRECISION,
    "pinholeAiryUnits" DOUBLE PRECISION,
    "channels" JSONB NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MicroscopeProfileVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Dataset" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Dataset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunTemplate" (
    "id" UUID NOT NULL,
    "labId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "params" JSONB NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "RunTemplate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunBatch" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "datasetId" UUID,
    "templateId" UUID,
    "submittedById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RunBatch_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LabMember_userId_idx" ON "LabMember"("userId");

-- CreateIndex
CREATE INDEX "Invitation_email_idx" ON "Invitation"("email");

-- CreateIndex
CREATE INDEX "Invitation_labId_idx" ON "Invitation"("labId");

-- CreateIndex
CREATE INDEX "ProjectMember_userId_idx" ON "ProjectMember"("userId");

-- CreateIndex
CREATE INDEX "MicroscopeProfile_labId_idx" ON "MicroscopeProfile"("labId");

-- CreateIndex
CREATE UNIQUE INDEX "MicroscopeProfileVersion_profileId_version_key" ON "MicroscopeProfileVersion"("profileId", "version");

-- CreateIndex
CREATE INDEX "Dataset_projectId_idx" ON "Dataset"("projectId");

-- CreateIndex
CREATE INDEX "RunTemplate_labId_idx" ON "RunTemplate"("labId");

-- CreateIndex
CREATE INDEX "RunBatch_projectId_idx" ON "RunBatch"("projectId");

-- CreateIndex
CREATE INDEX "AuditEvent_labId_at_idx" ON "AuditEvent"("labId", "at");

-- CreateIndex
CREATE INDEX "Image_projectId_createdAt_idx" ON "Image"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "Project_labId_createdAt_idx" ON "Project"("labId", "createdAt");

-- CreateIndex
CREATE INDEX "Psf_labId_profileId_channel_idx" ON "Psf"("labId", "profileId", "channel");

-- CreateIndex
CREATE INDEX "Run_status_createdAt_idx" ON "Run"("status", "createdAt");

-- AddForeignKey
ALTER TABLE "LabMember" ADD CONSTRAINT "LabMember_labId_fkey" FOREIGN KEY ("labId") REFERENCES "Lab"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LabMember" ADD CONSTRAINT "LabMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_labId_fkey" FOREIGN KEY ("labId") REFERENCES "Lab"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Project" ADD CONSTRAINT "Project_labId_fkey" FOREIGN KEY ("labId") REFERENCES "Lab"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectMember" ADD CONSTRAINT "ProjectMember_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProjectMember" ADD CONSTRAINT "ProjectMember_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MicroscopeProfile" ADD CONSTRAINT "MicroscopeProfile_labId_fkey" FOREIGN KEY ("labId") REFERENCES "Lab"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MicroscopeProfileVersion" ADD CONSTRAINT "MicroscopeProfileVersion_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "MicroscopeProfile"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MicroscopeProfileVersion" ADD CONSTRAINT "MicroscopeProfileVersion_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Image" ADD CONSTRAINT "Image_profileVersionId_fkey" FOREIGN KEY ("profileVersionId") REFERENCES "MicroscopeProfileVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Image" ADD CONSTRAINT "Image_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dataset" ADD CONSTRAINT "Dataset_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dataset" ADD CONSTRAINT "Dataset_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Psf" ADD CONSTRAINT "Psf_labId_fkey" FOREIGN KEY ("labId") REFERENCES "Lab"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Psf" ADD CONSTRAINT "Psf_profileId_fkey" FOREIGN KEY ("profileId") REFERENCES "MicroscopeProfile"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Psf" ADD CONSTRAINT "Psf_profileVersionId_fkey" FOREIGN KEY ("profileVersionId") REFERENCES "MicroscopeProfileVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Psf" ADD CONSTRAINT "Psf_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunTemplate" ADD CONSTRAINT "RunTemplate_labId_fkey" FOREIGN KEY ("labId") REFERENCES "Lab"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunTemplate" ADD CONSTRAINT "RunTemplate_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunBatch" ADD CONSTRAINT "RunBatch_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunBatch" ADD CONSTRAINT "RunBatch_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunBatch" ADD CONSTRAINT "RunBatch_templateId_fkey" FOREIGN KEY ("templateId") REFERENCES "RunTemplate"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunBatch" ADD CONSTRAINT "RunBatch_submittedById_fkey" FOREIGN KEY ("submittedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "RunBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_profileVersionId_fkey" FOREIGN KEY ("profileVersionId") REFERENCES "MicroscopeProfileVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_sourceRunId_fkey" FOREIGN KEY ("sourceRunId") REFERENCES "Run"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Backfill: each existing user gets a personal lab that they own, and their projects move into it.
INSERT INTO "Lab" ("id", "name") SELECT u."id", u."name" || '''s lab' FROM "User" u;
INSERT INTO "LabMember" ("labId", "userId", "role") SELECT u."id", u."id", 'OWNER' FROM "User" u;
UPDATE "Project" SET "labId" = "ownerId";
INSERT INTO "ProjectMember" ("projectId", "userId") SELECT p."id", p."ownerId" FROM "Project" p;
ALTER TABLE "Project" ALTER COLUMN "labId" SET NOT NULL;

-- The audit trail is append-only: rows can be added but never changed or removed.
-- (one line: the migration runner splits statements at line-ending semicolons)
CREATE FUNCTION "refocus_audit_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'AuditEvent is append-only (% refused)', TG_OP; END $$;
CREATE TRIGGER "AuditEvent_append_only" BEFORE UPDATE OR DELETE ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION "refocus_audit_append_only"();
