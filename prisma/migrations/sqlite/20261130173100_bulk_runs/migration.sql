-- CreateTable
CREATE TABLE "BulkRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "requestedBy" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "ts" TEXT,
    "headerJson" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "BulkRunWorkflow" (
    "bulkRunId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,

    PRIMARY KEY ("bulkRunId", "workflowId")
);

-- CreateIndex
CREATE INDEX "BulkRunWorkflow_workflowId_idx" ON "BulkRunWorkflow"("workflowId");
