-- AlterTable: a ledger device that vanished from its MDM is unlinked and marked "not in MDM since" (issue 13)
ALTER TABLE "Device" ADD COLUMN "notInMdmSince" TIMESTAMP(3),
ADD COLUMN "notInMdmSource" TEXT,
-- the MDM's user when the directory does not know them (issue 13)
ADD COLUMN "unresolvedAssignee" TEXT;
