-- CreateTable
CREATE TABLE "Department" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sphere" TEXT NOT NULL,
    "province" TEXT,
    "sector" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Facility" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "sector" TEXT NOT NULL,
    "province" TEXT NOT NULL,
    "district" TEXT NOT NULL,
    "localMunicipality" TEXT NOT NULL,
    "community" TEXT NOT NULL,
    "latitude" REAL,
    "longitude" REAL,
    "departmentId" TEXT NOT NULL,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Facility_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MonitoringRound" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "facilityId" TEXT NOT NULL,
    "programme" TEXT NOT NULL,
    "wave" INTEGER NOT NULL,
    "startedOn" DATETIME NOT NULL,
    "endedOn" DATETIME,
    "citizensInterviewed" INTEGER NOT NULL DEFAULT 0,
    "staffInterviewed" INTEGER NOT NULL DEFAULT 0,
    "monitorsTrained" INTEGER NOT NULL DEFAULT 0,
    "currentStep" TEXT NOT NULL DEFAULT 'gather_feedback',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "MonitoringRound_facilityId_fkey" FOREIGN KEY ("facilityId") REFERENCES "Facility" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LocalIssue" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "facilityId" TEXT NOT NULL,
    "roundId" TEXT,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "respondentsCiting" INTEGER,
    "respondentsAsked" INTEGER,
    "priorityVotes" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'open',
    "raisedOn" DATETIME NOT NULL,
    "importSource" TEXT,
    "externalRef" TEXT,
    "importRunId" TEXT,
    "clusterId" TEXT,
    "clusterSimilarity" REAL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "LocalIssue_facilityId_fkey" FOREIGN KEY ("facilityId") REFERENCES "Facility" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "LocalIssue_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "MonitoringRound" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "LocalIssue_importRunId_fkey" FOREIGN KEY ("importRunId") REFERENCES "ImportRun" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "LocalIssue_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RootCause" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "localIssueId" TEXT NOT NULL,
    "statement" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RootCause_localIssueId_fkey" FOREIGN KEY ("localIssueId") REFERENCES "LocalIssue" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CharterCommitment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "facilityId" TEXT NOT NULL,
    "localIssueId" TEXT,
    "commitment" TEXT NOT NULL,
    "responsibleParty" TEXT NOT NULL,
    "dueOn" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'not_started',
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CharterCommitment_facilityId_fkey" FOREIGN KEY ("facilityId") REFERENCES "Facility" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CharterCommitment_localIssueId_fkey" FOREIGN KEY ("localIssueId") REFERENCES "LocalIssue" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CommitmentUpdate" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "commitmentId" TEXT NOT NULL,
    "on" DATETIME NOT NULL,
    "note" TEXT NOT NULL,
    "actorId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CommitmentUpdate_commitmentId_fkey" FOREIGN KEY ("commitmentId") REFERENCES "CharterCommitment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Tag" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "parentId" TEXT,
    "routingDepartmentId" TEXT,
    "mergedIntoId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Tag_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Tag" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Tag_routingDepartmentId_fkey" FOREIGN KEY ("routingDepartmentId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TagSynonym" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tagId" TEXT NOT NULL,
    "term" TEXT NOT NULL,
    CONSTRAINT "TagSynonym_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TagAlias" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "tagId" TEXT NOT NULL,
    CONSTRAINT "TagAlias_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LocalIssueTag" (
    "localIssueId" TEXT NOT NULL,
    "tagId" TEXT NOT NULL,

    PRIMARY KEY ("localIssueId", "tagId"),
    CONSTRAINT "LocalIssueTag_localIssueId_fkey" FOREIGN KEY ("localIssueId") REFERENCES "LocalIssue" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LocalIssueTag_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Cluster" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "label" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'suggested',
    "explanation" JSONB,
    "spread" JSONB,
    "isSystemicCandidate" BOOLEAN NOT NULL DEFAULT false,
    "suggestedDepartmentId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ClusterDecision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "clusterId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "note" TEXT,
    "actorId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ClusterDecision_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SystemicCase" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "reference" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "problemStatement" TEXT NOT NULL,
    "rootCauseSynthesis" TEXT NOT NULL DEFAULT '',
    "owningDepartmentId" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'escalated',
    "priority" TEXT NOT NULL DEFAULT 'medium',
    "visibility" TEXT NOT NULL DEFAULT 'internal',
    "escalatedAt" DATETIME NOT NULL,
    "acknowledgeBy" DATETIME,
    "respondBy" DATETIME,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SystemicCase_owningDepartmentId_fkey" FOREIGN KEY ("owningDepartmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseSupportingDepartment" (
    "caseId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,

    PRIMARY KEY ("caseId", "departmentId"),
    CONSTRAINT "CaseSupportingDepartment_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "SystemicCase" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CaseSupportingDepartment_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseCluster" (
    "caseId" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,

    PRIMARY KEY ("caseId", "clusterId"),
    CONSTRAINT "CaseCluster_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "SystemicCase" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CaseCluster_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseLocalIssue" (
    "caseId" TEXT NOT NULL,
    "localIssueId" TEXT NOT NULL,

    PRIMARY KEY ("caseId", "localIssueId"),
    CONSTRAINT "CaseLocalIssue_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "SystemicCase" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CaseLocalIssue_localIssueId_fkey" FOREIGN KEY ("localIssueId") REFERENCES "LocalIssue" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "fromStatus" TEXT,
    "toStatus" TEXT,
    "reason" TEXT,
    "changes" JSONB,
    "transferFromId" TEXT,
    "transferToId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CaseEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "SystemicCase" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CaseEvent_transferFromId_fkey" FOREIGN KEY ("transferFromId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "CaseEvent_transferToId_fkey" FOREIGN KEY ("transferToId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ResponseAction" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "responsible" TEXT NOT NULL,
    "dueOn" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'planned',
    "evidence" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ResponseAction_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "SystemicCase" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT,
    "action" TEXT NOT NULL,
    "changes" JSONB,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "ImportRun" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileChecksum" TEXT NOT NULL,
    "rowsTotal" INTEGER NOT NULL DEFAULT 0,
    "rowsCreated" INTEGER NOT NULL DEFAULT 0,
    "rowsUpdated" INTEGER NOT NULL DEFAULT 0,
    "rowsUnchanged" INTEGER NOT NULL DEFAULT 0,
    "rowsFailed" INTEGER NOT NULL DEFAULT 0,
    "outcome" TEXT NOT NULL DEFAULT 'running',
    "report" JSONB,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" DATETIME
);

-- CreateTable
CREATE TABLE "AppSetting" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "value" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Department_code_key" ON "Department"("code");

-- CreateIndex
CREATE INDEX "Department_sector_idx" ON "Department"("sector");

-- CreateIndex
CREATE INDEX "Department_province_idx" ON "Department"("province");

-- CreateIndex
CREATE UNIQUE INDEX "Facility_code_key" ON "Facility"("code");

-- CreateIndex
CREATE INDEX "Facility_province_kind_idx" ON "Facility"("province", "kind");

-- CreateIndex
CREATE INDEX "Facility_kind_idx" ON "Facility"("kind");

-- CreateIndex
CREATE INDEX "Facility_sector_idx" ON "Facility"("sector");

-- CreateIndex
CREATE INDEX "Facility_departmentId_idx" ON "Facility"("departmentId");

-- CreateIndex
CREATE INDEX "Facility_name_idx" ON "Facility"("name");

-- CreateIndex
CREATE INDEX "MonitoringRound_programme_idx" ON "MonitoringRound"("programme");

-- CreateIndex
CREATE UNIQUE INDEX "MonitoringRound_facilityId_programme_wave_key" ON "MonitoringRound"("facilityId", "programme", "wave");

-- CreateIndex
CREATE INDEX "LocalIssue_facilityId_status_idx" ON "LocalIssue"("facilityId", "status");

-- CreateIndex
CREATE INDEX "LocalIssue_status_raisedOn_idx" ON "LocalIssue"("status", "raisedOn");

-- CreateIndex
CREATE INDEX "LocalIssue_raisedOn_idx" ON "LocalIssue"("raisedOn");

-- CreateIndex
CREATE INDEX "LocalIssue_clusterId_idx" ON "LocalIssue"("clusterId");

-- CreateIndex
CREATE INDEX "LocalIssue_roundId_idx" ON "LocalIssue"("roundId");

-- CreateIndex
CREATE INDEX "LocalIssue_importRunId_idx" ON "LocalIssue"("importRunId");

-- CreateIndex
CREATE UNIQUE INDEX "LocalIssue_importSource_externalRef_key" ON "LocalIssue"("importSource", "externalRef");

-- CreateIndex
CREATE INDEX "RootCause_localIssueId_idx" ON "RootCause"("localIssueId");

-- CreateIndex
CREATE INDEX "RootCause_level_idx" ON "RootCause"("level");

-- CreateIndex
CREATE INDEX "RootCause_category_idx" ON "RootCause"("category");

-- CreateIndex
CREATE INDEX "CharterCommitment_facilityId_status_idx" ON "CharterCommitment"("facilityId", "status");

-- CreateIndex
CREATE INDEX "CharterCommitment_status_dueOn_idx" ON "CharterCommitment"("status", "dueOn");

-- CreateIndex
CREATE INDEX "CharterCommitment_localIssueId_idx" ON "CharterCommitment"("localIssueId");

-- CreateIndex
CREATE INDEX "CommitmentUpdate_commitmentId_on_idx" ON "CommitmentUpdate"("commitmentId", "on");

-- CreateIndex
CREATE UNIQUE INDEX "Tag_slug_key" ON "Tag"("slug");

-- CreateIndex
CREATE INDEX "Tag_parentId_idx" ON "Tag"("parentId");

-- CreateIndex
CREATE INDEX "TagSynonym_term_idx" ON "TagSynonym"("term");

-- CreateIndex
CREATE UNIQUE INDEX "TagSynonym_tagId_term_key" ON "TagSynonym"("tagId", "term");

-- CreateIndex
CREATE UNIQUE INDEX "TagAlias_slug_key" ON "TagAlias"("slug");

-- CreateIndex
CREATE INDEX "LocalIssueTag_tagId_idx" ON "LocalIssueTag"("tagId");

-- CreateIndex
CREATE INDEX "Cluster_status_idx" ON "Cluster"("status");

-- CreateIndex
CREATE INDEX "ClusterDecision_clusterId_createdAt_idx" ON "ClusterDecision"("clusterId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SystemicCase_reference_key" ON "SystemicCase"("reference");

-- CreateIndex
CREATE INDEX "SystemicCase_owningDepartmentId_status_idx" ON "SystemicCase"("owningDepartmentId", "status");

-- CreateIndex
CREATE INDEX "SystemicCase_status_idx" ON "SystemicCase"("status");

-- CreateIndex
CREATE INDEX "SystemicCase_visibility_status_idx" ON "SystemicCase"("visibility", "status");

-- CreateIndex
CREATE INDEX "CaseSupportingDepartment_departmentId_idx" ON "CaseSupportingDepartment"("departmentId");

-- CreateIndex
CREATE INDEX "CaseCluster_clusterId_idx" ON "CaseCluster"("clusterId");

-- CreateIndex
CREATE INDEX "CaseLocalIssue_localIssueId_idx" ON "CaseLocalIssue"("localIssueId");

-- CreateIndex
CREATE INDEX "CaseEvent_caseId_createdAt_idx" ON "CaseEvent"("caseId", "createdAt");

-- CreateIndex
CREATE INDEX "ResponseAction_caseId_dueOn_idx" ON "ResponseAction"("caseId", "dueOn");

-- CreateIndex
CREATE INDEX "AuditEvent_entityType_entityId_createdAt_idx" ON "AuditEvent"("entityType", "entityId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_actorId_createdAt_idx" ON "AuditEvent"("actorId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEvent_createdAt_idx" ON "AuditEvent"("createdAt");

-- CreateIndex
CREATE INDEX "ImportRun_startedAt_idx" ON "ImportRun"("startedAt");

-- CreateIndex
CREATE INDEX "ImportRun_fileChecksum_idx" ON "ImportRun"("fileChecksum");

-- CreateIndex
CREATE INDEX "OutboxMessage_status_nextAttemptAt_idx" ON "OutboxMessage"("status", "nextAttemptAt");
