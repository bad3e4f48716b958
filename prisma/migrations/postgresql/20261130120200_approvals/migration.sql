-- AlterTable
ALTER TABLE "Person" ADD COLUMN "managerSource" TEXT;

-- AlterTable
ALTER TABLE "WorkflowStep" ADD COLUMN "decision" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Approval" ADD COLUMN "signalledAt" TIMESTAMP(3),
ADD COLUMN "profileLinksJson" TEXT NOT NULL DEFAULT '[]';
