-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "imageVoxelSize" JSONB;
