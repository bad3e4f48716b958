-- A gap per edited message (docs/limits.md, "Edits of one message are coalesced"): a bulk run's messages are edited
-- less often than a lone workflow's parent, and an urgent state (a workflow's end) goes at once. The row keeps the
-- gap its pending state was queued with, for a resend after a change made while it was being sent.

-- AlterTable
ALTER TABLE "OutboxMessage" ADD COLUMN "gapMs" INTEGER;
