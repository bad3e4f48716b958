-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slackUserId" TEXT,
    "email" TEXT,
    "upn" TEXT,
    "displayName" TEXT NOT NULL,
    "managerId" TEXT,
    "locale" TEXT,
    "isHelpdesk" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Person_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Device" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serial" TEXT,
    "assetNumber" TEXT,
    "platform" TEXT NOT NULL DEFAULT 'other',
    "manufacturer" TEXT,
    "model" TEXT,
    "os" TEXT,
    "status" TEXT NOT NULL DEFAULT 'in_stock',
    "assignedPersonId" TEXT,
    "source" TEXT NOT NULL DEFAULT 'ledger',
    "mdmSource" TEXT,
    "mdmDeviceId" TEXT,
    "abmDeviceId" TEXT,
    "deviceName" TEXT,
    "enrolledAt" DATETIME,
    "lastCheckInAt" DATETIME,
    "userEmail" TEXT,
    "storageGb" REAL,
    "registrationState" TEXT,
    "notes" TEXT,
    "customFieldsJson" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Device_assignedPersonId_fkey" FOREIGN KEY ("assignedPersonId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DeviceHistory" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "deviceId" TEXT NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "personId" TEXT,
    "fromStatus" TEXT,
    "toStatus" TEXT,
    "reason" TEXT,
    "actor" TEXT NOT NULL,
    "workflowId" TEXT,
    "detailsJson" TEXT,
    CONSTRAINT "DeviceHistory_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DeviceHistory_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Workflow" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "title" TEXT NOT NULL,
    "requestedById" TEXT,
    "subjectPersonId" TEXT,
    "inputJson" TEXT NOT NULL DEFAULT '{}',
    "stateJson" TEXT NOT NULL DEFAULT '{}',
    "idempotencyKey" TEXT,
    "maxParallel" INTEGER NOT NULL DEFAULT 1,
    "slackChannel" TEXT,
    "slackThreadTs" TEXT,
    "scheduledAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    CONSTRAINT "Workflow_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Workflow_subjectPersonId_fkey" FOREIGN KEY ("subjectPersonId") REFERENCES "Person" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "WorkflowStep" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "action" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "dependsOnJson" TEXT NOT NULL DEFAULT '[]',
    "inputJson" TEXT NOT NULL DEFAULT '{}',
    "outputJson" TEXT,
    "stateJson" TEXT,
    "signalJson" TEXT,
    "status" TEXT NOT NULL DEFAULT 'blocked',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 5,
    "nextRunAt" DATETIME,
    "leaseOwner" TEXT,
    "leaseExpiresAt" DATETIME,
    "idempotencyKey" TEXT NOT NULL,
    "lastError" TEXT,
    "startedAt" DATETIME,
    "finishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "WorkflowStep_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Approval" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "stepKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'approval',
    "approverIdsJson" TEXT NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "decidedBy" TEXT,
    "decidedAt" DATETIME,
    "reason" TEXT,
    "remindedAt" DATETIME,
    "escalatedAt" DATETIME,
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "slackChannel" TEXT,
    "slackMessageTs" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Approval_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "workflowId" TEXT,
    "stepKey" TEXT,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT,
    "message" TEXT,
    "error" TEXT,
    "dataJson" TEXT
);

-- CreateTable
CREATE TABLE "Lease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "owner" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ProcessedEvent" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "resultJson" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT,
    "channel" TEXT NOT NULL,
    "threadTs" TEXT,
    "kind" TEXT NOT NULL,
    "coalesceKey" TEXT,
    "payloadJson" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "ts" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME
);

-- CreateTable
CREATE TABLE "ManualTask" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "source" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "instructionsJson" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "decidedBy" TEXT,
    "decidedAt" DATETIME,
    "note" TEXT,
    "workflowId" TEXT,
    "slackChannel" TEXT,
    "slackMessageTs" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "valueJson" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "dryRun" BOOLEAN NOT NULL DEFAULT false,
    "trigger" TEXT NOT NULL DEFAULT 'schedule',
    "owner" TEXT,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "countsJson" TEXT,
    "error" TEXT,
    "reportCsv" TEXT,
    "driftJson" TEXT
);

-- CreateTable
CREATE TABLE "SimMdmDevice" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serial" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "model" TEXT,
    "manufacturer" TEXT,
    "osVersion" TEXT,
    "userEmail" TEXT,
    "userUpn" TEXT,
    "supervised" BOOLEAN NOT NULL DEFAULT false,
    "ownership" TEXT NOT NULL DEFAULT 'corporate',
    "managementState" TEXT NOT NULL DEFAULT 'managed',
    "lostMode" BOOLEAN NOT NULL DEFAULT false,
    "adeEnrolled" BOOLEAN NOT NULL DEFAULT false,
    "profileRemovalRestricted" BOOLEAN NOT NULL DEFAULT false,
    "vppLicenses" INTEGER NOT NULL DEFAULT 0,
    "blockingCertificate" BOOLEAN NOT NULL DEFAULT false,
    "autoInstalledApps" INTEGER NOT NULL DEFAULT 0,
    "registrationState" TEXT NOT NULL DEFAULT 'registered',
    "storageGb" REAL,
    "enrolledAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastCheckInAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "SimMdmCommand" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "deviceId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "optionsJson" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "error" TEXT,
    "completeAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "SimSetting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "valueJson" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "SimAbmServer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "mdmSource" TEXT
);

-- CreateTable
CREATE TABLE "SimAbmDevice" (
    "serial" TEXT NOT NULL PRIMARY KEY,
    "model" TEXT,
    "productFamily" TEXT,
    "status" TEXT NOT NULL DEFAULT 'UNASSIGNED',
    "mdmServerId" TEXT,
    "addedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "releasedAt" DATETIME,
    "activationError" TEXT,
    "released" BOOLEAN NOT NULL DEFAULT false
);

-- CreateTable
CREATE TABLE "SimAbmActivity" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "serialsJson" TEXT NOT NULL,
    "mdmServerId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'IN_PROGRESS',
    "resultJson" TEXT,
    "completeAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "Person_slackUserId_key" ON "Person"("slackUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Person_email_key" ON "Person"("email");

-- CreateIndex
CREATE UNIQUE INDEX "Device_assetNumber_key" ON "Device"("assetNumber");

-- CreateIndex
CREATE UNIQUE INDEX "Device_mdmSource_mdmDeviceId_key" ON "Device"("mdmSource", "mdmDeviceId");

-- CreateIndex
CREATE INDEX "Device_serial_idx" ON "Device"("serial");

-- CreateIndex
CREATE INDEX "Device_assignedPersonId_idx" ON "Device"("assignedPersonId");

-- CreateIndex
CREATE INDEX "DeviceHistory_deviceId_at_idx" ON "DeviceHistory"("deviceId", "at");

-- CreateIndex
CREATE UNIQUE INDEX "Workflow_idempotencyKey_key" ON "Workflow"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Workflow_status_idx" ON "Workflow"("status");

-- CreateIndex
CREATE INDEX "Workflow_kind_status_idx" ON "Workflow"("kind", "status");

-- CreateIndex
CREATE UNIQUE INDEX "WorkflowStep_idempotencyKey_key" ON "WorkflowStep"("idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "WorkflowStep_workflowId_key_key" ON "WorkflowStep"("workflowId", "key");

-- CreateIndex
CREATE INDEX "WorkflowStep_status_nextRunAt_idx" ON "WorkflowStep"("status", "nextRunAt");

-- CreateIndex
CREATE INDEX "WorkflowStep_workflowId_position_idx" ON "WorkflowStep"("workflowId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Approval_workflowId_stepKey_key" ON "Approval"("workflowId", "stepKey");

-- CreateIndex
CREATE INDEX "Approval_status_idx" ON "Approval"("status");

-- CreateIndex
CREATE INDEX "AuditEvent_workflowId_id_idx" ON "AuditEvent"("workflowId", "id");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "OutboxMessage_coalesceKey_status_idx" ON "OutboxMessage"("coalesceKey", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ManualTask_idempotencyKey_key" ON "ManualTask"("idempotencyKey");

-- CreateIndex
CREATE INDEX "ManualTask_status_idx" ON "ManualTask"("status");

-- CreateIndex
CREATE INDEX "SyncRun_source_startedAt_idx" ON "SyncRun"("source", "startedAt");

-- CreateIndex
CREATE INDEX "SimMdmDevice_serial_idx" ON "SimMdmDevice"("serial");

-- CreateIndex
CREATE INDEX "SimMdmDevice_userEmail_idx" ON "SimMdmDevice"("userEmail");
