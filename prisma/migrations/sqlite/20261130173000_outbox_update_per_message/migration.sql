-- One row per message edited by chat.update (issue 16): a key keeps its newest row; older rows of the key are
-- kept (already sent, or sent in order before the newest) but no longer carry it.
UPDATE "OutboxMessage" SET "coalesceKey" = NULL
WHERE "coalesceKey" IS NOT NULL AND EXISTS (
    SELECT 1 FROM "OutboxMessage" AS "newer"
    WHERE "newer"."coalesceKey" = "OutboxMessage"."coalesceKey"
      AND ("newer"."createdAt" > "OutboxMessage"."createdAt"
           OR ("newer"."createdAt" = "OutboxMessage"."createdAt" AND "newer"."id" > "OutboxMessage"."id"))
);

-- DropIndex
DROP INDEX "OutboxMessage_coalesceKey_status_idx";

-- CreateIndex
CREATE UNIQUE INDEX "OutboxMessage_coalesceKey_key" ON "OutboxMessage"("coalesceKey");
