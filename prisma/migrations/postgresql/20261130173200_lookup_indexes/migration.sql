-- Issue 14, point 7: look-ups by index instead of LIKE over JSON columns (docs/database.md, "Look-up indexes").

-- CreateTable
CREATE TABLE "WorkflowSerial" (
    "workflowId" TEXT NOT NULL,
    "serial" TEXT NOT NULL,

    CONSTRAINT "WorkflowSerial_pkey" PRIMARY KEY ("workflowId","serial")
);

-- CreateTable
CREATE TABLE "ApprovalDecider" (
    "approvalId" TEXT NOT NULL,
    "slackUserId" TEXT NOT NULL,

    CONSTRAINT "ApprovalDecider_pkey" PRIMARY KEY ("approvalId","slackUserId")
);

-- CreateIndex
CREATE INDEX "WorkflowSerial_serial_idx" ON "WorkflowSerial"("serial");

-- CreateIndex
CREATE INDEX "ApprovalDecider_slackUserId_idx" ON "ApprovalDecider"("slackUserId");

-- AddForeignKey
ALTER TABLE "WorkflowSerial" ADD CONSTRAINT "WorkflowSerial_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalDecider" ADD CONSTRAINT "ApprovalDecider_approvalId_fkey" FOREIGN KEY ("approvalId") REFERENCES "Approval"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: the deciders of the approvals recorded so far (approverIdsJson is a JSON array of Slack user ids).
-- WorkflowSerial is filled by the engine at start instead (it needs each workflow kind's serialsOf).
INSERT INTO "ApprovalDecider" ("approvalId", "slackUserId")
SELECT DISTINCT a."id", e #>> '{}'
FROM "Approval" a
CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN a."approverIdsJson" LIKE '[%' THEN a."approverIdsJson"::jsonb ELSE '[]'::jsonb END) AS e
WHERE jsonb_typeof(e) = 'string';
