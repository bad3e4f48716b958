-- AlterTable
ALTER TABLE "Person" ADD COLUMN "managerSource" TEXT;

-- AlterTable
ALTER TABLE "WorkflowStep" ADD COLUMN "decision" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Approval" ADD COLUMN "signalledAt" DATETIME;
ALTER TABLE "Approval" ADD COLUMN "profileLinksJson" TEXT NOT NULL DEFAULT '[]';
