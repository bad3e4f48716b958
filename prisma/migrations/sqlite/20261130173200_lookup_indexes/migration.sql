-- Issue 14, point 7: look-ups by index instead of LIKE over JSON columns (docs/database.md, "Look-up indexes").

-- CreateTable
CREATE TABLE "WorkflowSerial" (
    "workflowId" TEXT NOT NULL,
    "serial" TEXT NOT NULL,

    PRIMARY KEY ("workflowId", "serial"),
    CONSTRAINT "WorkflowSerial_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ApprovalDecider" (
    "approvalId" TEXT NOT NULL,
    "slackUserId" TEXT NOT NULL,

    PRIMARY KEY ("approvalId", "slackUserId"),
    CONSTRAINT "ApprovalDecider_approvalId_fkey" FOREIGN KEY ("approvalId") REFERENCES "Approval" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "WorkflowSerial_serial_idx" ON "WorkflowSerial"("serial");

-- CreateIndex
CREATE INDEX "ApprovalDecider_slackUserId_idx" ON "ApprovalDecider"("slackUserId");

-- Backfill: the deciders of the approvals recorded so far (approverIdsJson is a JSON array of Slack user ids).
-- WorkflowSerial is filled by the engine at start instead (it needs each workflow kind's serialsOf).
INSERT INTO "ApprovalDecider" ("approvalId", "slackUserId")
SELECT DISTINCT a."id", j."value"
FROM "Approval" a,
     json_each(CASE WHEN json_valid(a."approverIdsJson") AND json_type(a."approverIdsJson") = 'array' THEN a."approverIdsJson" ELSE '[]' END) j
WHERE j."type" = 'text';
