-- CreateTable
CREATE TABLE "BulkRun" (
    "id" TEXT NOT NULL,
    "requestedBy" TEXT NOT NULL,
    "locale" TEXT NOT NULL,
    "channel" TEXT NOT NULL,
    "ts" TEXT,
    "headerJson" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BulkRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BulkRunWorkflow" (
    "bulkRunId" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,

    CONSTRAINT "BulkRunWorkflow_pkey" PRIMARY KEY ("bulkRunId","workflowId")
);

-- CreateIndex
CREATE INDEX "BulkRunWorkflow_workflowId_idx" ON "BulkRunWorkflow"("workflowId");
