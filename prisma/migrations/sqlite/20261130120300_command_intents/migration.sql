-- CreateTable
CREATE TABLE "CommandIntent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "roundKey" TEXT NOT NULL,
    "workflowId" TEXT,
    "stepKey" TEXT,
    "source" TEXT NOT NULL,
    "device" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "operatorRound" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'intent',
    "sends" INTEGER NOT NULL DEFAULT 0,
    "version" INTEGER NOT NULL DEFAULT 0,
    "handleJson" TEXT,
    "resolvedBy" TEXT,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "CommandIntent_roundKey_key" ON "CommandIntent"("roundKey");

-- CreateIndex
CREATE INDEX "CommandIntent_source_device_idx" ON "CommandIntent"("source", "device");

-- CreateIndex
CREATE INDEX "CommandIntent_workflowId_idx" ON "CommandIntent"("workflowId");
