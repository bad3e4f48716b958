-- CreateTable
CREATE TABLE "Person" (
    "id" TEXT NOT NULL,
    "slackUserId" TEXT,
    "email" TEXT,
    "upn" TEXT,
    "displayName" TEXT NOT NULL,
    "managerId" TEXT,
    "locale" TEXT,
    "isHelpdesk" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Device" (
    "id" TEXT NOT NULL,
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
    "enrolledAt" TIMESTAMP(3),
    "lastCheckInAt" TIMESTAMP(3),
    "userEmail" TEXT,
    "storageGb" DOUBLE PRECISION,
    "registrationState" TEXT,
    "notes" TEXT,
    "customFieldsJson" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Device_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DeviceHistory" (
    "id" SERIAL NOT NULL,
    "deviceId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "kind" TEXT NOT NULL,
    "personId" TEXT,
    "fromStatus" TEXT,
    "toStatus" TEXT,
    "reason" TEXT,
    "actor" TEXT NOT NULL,
    "workflowId" TEXT,
    "detailsJson" TEXT,
    CONSTRAINT "DeviceHistory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Workflow" (
    "id" TEXT NOT NULL,
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
    "scheduledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    CONSTRAINT "Workflow_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WorkflowStep" (
    "id" TEXT NOT NULL,
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
    "nextRunAt" TIMESTAMP(3),
    "leaseOwner" TEXT,
    "leaseExpiresAt" TIMESTAMP(3),
    "idempotencyKey" TEXT NOT NULL,
    "lastError" TEXT,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "WorkflowStep_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Approval" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "stepKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'approval',
    "approverIdsJson" TEXT NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL DEFAULT 'pending',
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "reason" TEXT,
    "remindedAt" TIMESTAMP(3),
    "escalatedAt" TIMESTAMP(3),
    "escalationLevel" INTEGER NOT NULL DEFAULT 0,
    "slackChannel" TEXT,
    "slackMessageTs" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Approval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "workflowId" TEXT,
    "stepKey" TEXT,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT,
    "message" TEXT,
    "error" TEXT,
    "dataJson" TEXT,
    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Lease" (
    "name" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Lease_pkey" PRIMARY KEY ("name")
);

-- CreateTable
CREATE TABLE "ProcessedEvent" (
    "key" TEXT NOT NULL,
    "resultJson" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProcessedEvent_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT,
    "channel" TEXT NOT NULL,
    "threadTs" TEXT,
    "kind" TEXT NOT NULL,
    "coalesceKey" TEXT,
    "payloadJson" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "ts" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ManualTask" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "instructionsJson" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "decidedBy" TEXT,
    "decidedAt" TIMESTAMP(3),
    "note" TEXT,
    "workflowId" TEXT,
    "slackChannel" TEXT,
    "slackMessageTs" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ManualTask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" TEXT NOT NULL,
    "valueJson" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "dryRun" BOOLEAN NOT NULL DEFAULT false,
    "trigger" TEXT NOT NULL DEFAULT 'schedule',
    "owner" TEXT,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "countsJson" TEXT,
    "error" TEXT,
    "reportCsv" TEXT,
    "driftJson" TEXT,
    CONSTRAINT "SyncRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SimMdmDevice" (
    "id" TEXT NOT NULL,
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
    "storageGb" DOUBLE PRECISION,
    "enrolledAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastCheckInAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "SimMdmDevice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SimMdmCommand" (
    "id" TEXT NOT NULL,
    "deviceId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "optionsJson" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "error" TEXT,
    "completeAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SimMdmCommand_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SimSetting" (
    "key" TEXT NOT NULL,
    "valueJson" TEXT NOT NULL,
    CONSTRAINT "SimSetting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "SimAbmServer" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "mdmSource" TEXT,
    CONSTRAINT "SimAbmServer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SimAbmDevice" (
    "serial" TEXT NOT NULL,
    "model" TEXT,
    "productFamily" TEXT,
    "status" TEXT NOT NULL DEFAULT 'UNASSIGNED',
    "mdmServerId" TEXT,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "releasedAt" TIMESTAMP(3),
    "activationError" TEXT,
    "released" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "SimAbmDevice_pkey" PRIMARY KEY ("serial")
);

-- CreateTable
CREATE TABLE "SimAbmActivity" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "serialsJson" TEXT NOT NULL,
    "mdmServerId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'IN_PROGRESS',
    "resultJson" TEXT,
    "completeAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SimAbmActivity_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Person_slackUserId_key" ON "Person"("slackUserId");

-- CreateIndex
CREATE UNIQUE INDEX "Person_email_key" ON "Person"("email");

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_managerId_fkey" FOREIGN KEY ("managerId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- CreateIndex
CREATE UNIQUE INDEX "Device_assetNumber_key" ON "Device"("assetNumber");

-- CreateIndex
CREATE UNIQUE INDEX "Device_mdmSource_mdmDeviceId_key" ON "Device"("mdmSource", "mdmDeviceId");

-- CreateIndex
CREATE INDEX "Device_serial_idx" ON "Device"("serial");

-- CreateIndex
CREATE INDEX "Device_assignedPersonId_idx" ON "Device"("assignedPersonId");

-- AddForeignKey
ALTER TABLE "Device" ADD CONSTRAINT "Device_assignedPersonId_fkey" FOREIGN KEY ("assignedPersonId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- CreateIndex
CREATE INDEX "DeviceHistory_deviceId_at_idx" ON "DeviceHistory"("deviceId", "at");

-- AddForeignKey
ALTER TABLE "DeviceHistory" ADD CONSTRAINT "DeviceHistory_deviceId_fkey" FOREIGN KEY ("deviceId") REFERENCES "Device"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DeviceHistory" ADD CONSTRAINT "DeviceHistory_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- CreateIndex
CREATE UNIQUE INDEX "Workflow_idempotencyKey_key" ON "Workflow"("idempotencyKey");

-- CreateIndex
CREATE INDEX "Workflow_status_idx" ON "Workflow"("status");

-- CreateIndex
CREATE INDEX "Workflow_kind_status_idx" ON "Workflow"("kind", "status");

-- AddForeignKey
ALTER TABLE "Workflow" ADD CONSTRAINT "Workflow_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Workflow" ADD CONSTRAINT "Workflow_subjectPersonId_fkey" FOREIGN KEY ("subjectPersonId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- CreateIndex
CREATE UNIQUE INDEX "WorkflowStep_idempotencyKey_key" ON "WorkflowStep"("idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "WorkflowStep_workflowId_key_key" ON "WorkflowStep"("workflowId", "key");

-- CreateIndex
CREATE INDEX "WorkflowStep_status_nextRunAt_idx" ON "WorkflowStep"("status", "nextRunAt");

-- CreateIndex
CREATE INDEX "WorkflowStep_workflowId_position_idx" ON "WorkflowStep"("workflowId", "position");

-- AddForeignKey
ALTER TABLE "WorkflowStep" ADD CONSTRAINT "WorkflowStep_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateIndex
CREATE UNIQUE INDEX "Approval_workflowId_stepKey_key" ON "Approval"("workflowId", "stepKey");

-- CreateIndex
CREATE INDEX "Approval_status_idx" ON "Approval"("status");

-- AddForeignKey
ALTER TABLE "Approval" ADD CONSTRAINT "Approval_workflowId_fkey" FOREIGN KEY ("workflowId") REFERENCES "Workflow"("id") ON DELETE CASCADE ON UPDATE CASCADE;

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
