-- CreateEnum
CREATE TYPE "Province" AS ENUM ('eastern_cape', 'free_state', 'gauteng', 'kwazulu_natal', 'limpopo', 'mpumalanga', 'north_west', 'northern_cape', 'western_cape');

-- CreateEnum
CREATE TYPE "Sphere" AS ENUM ('national', 'provincial', 'local');

-- CreateEnum
CREATE TYPE "Sector" AS ENUM ('policing', 'health', 'social_security', 'social_development', 'local_government', 'public_finance', 'public_works', 'cooperative_governance', 'premier', 'monitoring');

-- CreateEnum
CREATE TYPE "FacilityKind" AS ENUM ('police_station', 'sassa_office', 'clinic', 'community_health_centre', 'hospital', 'dsd_service_point', 'municipality', 'other');

-- CreateEnum
CREATE TYPE "Programme" AS ENUM ('national_pilot', 'saps_rollout', 'kabokweni_ideal_clinic', 'umsobomvu_idp');

-- CreateEnum
CREATE TYPE "MethodStep" AS ENUM ('gather_feedback', 'dialogue_and_charter', 'monitor_and_escalate');

-- CreateEnum
CREATE TYPE "IssueSource" AS ENUM ('citizen_survey', 'staff_survey', 'community_dialogue', 'root_cause_analysis', 'scorecard', 'other');

-- CreateEnum
CREATE TYPE "LocalIssueStatus" AS ENUM ('open', 'addressed_locally', 'escalated', 'resolved', 'closed');

-- CreateEnum
CREATE TYPE "RootCauseLevel" AS ENUM ('facility', 'district', 'provincial', 'national');

-- CreateEnum
CREATE TYPE "RootCauseCategory" AS ENUM ('resources', 'delegation', 'targets_and_policy', 'supply_chain', 'infrastructure', 'staffing', 'relationships', 'other');

-- CreateEnum
CREATE TYPE "CommitmentStatus" AS ENUM ('not_started', 'in_progress', 'done', 'missed');

-- CreateEnum
CREATE TYPE "ClusterStatus" AS ENUM ('suggested', 'confirmed', 'dismissed', 'escalated');

-- CreateEnum
CREATE TYPE "ClusterDecisionKind" AS ENUM ('confirm', 'dismiss', 'merge', 'split', 'move_issue', 'remove_issue');

-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('escalated', 'acknowledged', 'accepted', 'declined', 'transferred', 'response_planned', 'in_progress', 'resolved', 'verified', 'closed');

-- CreateEnum
CREATE TYPE "CasePriority" AS ENUM ('low', 'medium', 'high', 'critical');

-- CreateEnum
CREATE TYPE "Visibility" AS ENUM ('public', 'internal');

-- CreateEnum
CREATE TYPE "ResponseActionStatus" AS ENUM ('planned', 'in_progress', 'done', 'cancelled');

-- CreateEnum
CREATE TYPE "ImportOutcome" AS ENUM ('running', 'succeeded', 'failed', 'rolled_back');

-- CreateEnum
CREATE TYPE "OutboxStatus" AS ENUM ('pending', 'delivered', 'failed');

-- CreateTable
CREATE TABLE "Department" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "sphere" "Sphere" NOT NULL,
    "province" "Province",
    "sector" "Sector" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Department_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Facility" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "FacilityKind" NOT NULL,
    "sector" "Sector" NOT NULL,
    "province" "Province" NOT NULL,
    "district" TEXT NOT NULL,
    "localMunicipality" TEXT NOT NULL,
    "community" TEXT NOT NULL,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "departmentId" TEXT NOT NULL,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Facility_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MonitoringRound" (
    "id" TEXT NOT NULL,
    "facilityId" TEXT NOT NULL,
    "programme" "Programme" NOT NULL,
    "wave" INTEGER NOT NULL,
    "startedOn" TIMESTAMP(3) NOT NULL,
    "endedOn" TIMESTAMP(3),
    "citizensInterviewed" INTEGER NOT NULL DEFAULT 0,
    "staffInterviewed" INTEGER NOT NULL DEFAULT 0,
    "monitorsTrained" INTEGER NOT NULL DEFAULT 0,
    "currentStep" "MethodStep" NOT NULL DEFAULT 'gather_feedback',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MonitoringRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LocalIssue" (
    "id" TEXT NOT NULL,
    "facilityId" TEXT NOT NULL,
    "roundId" TEXT,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "source" "IssueSource" NOT NULL,
    "respondentsCiting" INTEGER,
    "respondentsAsked" INTEGER,
    "priorityVotes" INTEGER,
    "status" "LocalIssueStatus" NOT NULL DEFAULT 'open',
    "raisedOn" TIMESTAMP(3) NOT NULL,
    "importSource" TEXT,
    "externalRef" TEXT,
    "importRunId" TEXT,
    "clusterId" TEXT,
    "clusterSimilarity" DOUBLE PRECISION,
    "version" INTEGER NOT NULL DEFAULT 0,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LocalIssue_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RootCause" (
    "id" TEXT NOT NULL,
    "localIssueId" TEXT NOT NULL,
    "statement" TEXT NOT NULL,
    "level" "RootCauseLevel" NOT NULL,
    "category" "RootCauseCategory" NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RootCause_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CharterCommitment" (
    "id" TEXT NOT NULL,
    "facilityId" TEXT NOT NULL,
    "localIssueId" TEXT,
    "commitment" TEXT NOT NULL,
    "responsibleParty" TEXT NOT NULL,
    "dueOn" TIMESTAMP(3) NOT NULL,
    "status" "CommitmentStatus" NOT NULL DEFAULT 'not_started',
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CharterCommitment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommitmentUpdate" (
    "id" TEXT NOT NULL,
    "commitmentId" TEXT NOT NULL,
    "on" TIMESTAMP(3) NOT NULL,
    "note" TEXT NOT NULL,
    "actorId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CommitmentUpdate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tag" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "parentId" TEXT,
    "routingDepartmentId" TEXT,
    "mergedIntoId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TagSynonym" (
    "id" TEXT NOT NULL,
    "tagId" TEXT NOT NULL,
    "term" TEXT NOT NULL,

    CONSTRAINT "TagSynonym_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TagAlias" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "tagId" TEXT NOT NULL,

    CONSTRAINT "TagAlias_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LocalIssueTag" (
    "localIssueId" TEXT NOT NULL,
    "tagId" TEXT NOT NULL,

    CONSTRAINT "LocalIssueTag_pkey" PRIMARY KEY ("localIssueId","tagId")
);

-- CreateTable
CREATE TABLE "Cluster" (
    "id" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "status" "ClusterStatus" NOT NULL DEFAULT 'suggested',
    "explanation" JSONB,
    "spread" JSONB,
    "isSystemicCandidate" BOOLEAN NOT NULL DEFAULT false,
    "suggestedDepartmentId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Cluster_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ClusterDecision" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "kind" "ClusterDecisionKind" NOT NULL,
    "payload" JSONB NOT NULL,
    "note" TEXT,
    "actorId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClusterDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SystemicCase" (
    "id" TEXT NOT NULL,
    "reference" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "problemStatement" TEXT NOT NULL,
    "rootCauseSynthesis" TEXT NOT NULL DEFAULT '',
    "owningDepartmentId" TEXT NOT NULL,
    "status" "CaseStatus" NOT NULL DEFAULT 'escalated',
    "priority" "CasePriority" NOT NULL DEFAULT 'medium',
    "visibility" "Visibility" NOT NULL DEFAULT 'internal',
    "escalatedAt" TIMESTAMP(3) NOT NULL,
    "acknowledgeBy" TIMESTAMP(3),
    "respondBy" TIMESTAMP(3),
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SystemicCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseSupportingDepartment" (
    "caseId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,

    CONSTRAINT "CaseSupportingDepartment_pkey" PRIMARY KEY ("caseId","departmentId")
);

-- CreateTable
CREATE TABLE "CaseCluster" (
    "caseId" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,

    CONSTRAINT "CaseCluster_pkey" PRIMARY KEY ("caseId","clusterId")
);

-- CreateTable
CREATE TABLE "CaseLocalIssue" (
    "caseId" TEXT NOT NULL,
    "localIssueId" TEXT NOT NULL,

    CONSTRAINT "CaseLocalIssue_pkey" PRIMARY KEY ("caseId","localIssueId")
);

-- CreateTable
CREATE TABLE "CaseEvent" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "fromStatus" "CaseStatus",
    "toStatus" "CaseStatus",
    "reason" TEXT,
    "changes" JSONB,
    "transferFromId" TEXT,
    "transferToId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CaseEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResponseAction" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "responsible" TEXT NOT NULL,
    "dueOn" TIMESTAMP(3) NOT NULL,
    "status" "ResponseActionStatus" NOT NULL DEFAULT 'planned',
    "evidence" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ResponseAction_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "actorId" TEXT,
    "actorLabel" TEXT NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" TEXT,
    "action" TEXT NOT NULL,
    "changes" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportRun" (
    "id" TEXT NOT NULL,
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
    "outcome" "ImportOutcome" NOT NULL DEFAULT 'running',
    "report" JSONB,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ImportRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxMessage" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "OutboxStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastError" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deliveredAt" TIMESTAMP(3),

    CONSTRAINT "OutboxMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AppSetting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AppSetting_pkey" PRIMARY KEY ("key")
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

-- AddForeignKey
ALTER TABLE "Facility" ADD CONSTRAINT "Facility_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MonitoringRound" ADD CONSTRAINT "MonitoringRound_facilityId_fkey" FOREIGN KEY ("facilityId") REFERENCES "Facility"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LocalIssue" ADD CONSTRAINT "LocalIssue_facilityId_fkey" FOREIGN KEY ("facilityId") REFERENCES "Facility"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LocalIssue" ADD CONSTRAINT "LocalIssue_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "MonitoringRound"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LocalIssue" ADD CONSTRAINT "LocalIssue_importRunId_fkey" FOREIGN KEY ("importRunId") REFERENCES "ImportRun"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LocalIssue" ADD CONSTRAINT "LocalIssue_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RootCause" ADD CONSTRAINT "RootCause_localIssueId_fkey" FOREIGN KEY ("localIssueId") REFERENCES "LocalIssue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CharterCommitment" ADD CONSTRAINT "CharterCommitment_facilityId_fkey" FOREIGN KEY ("facilityId") REFERENCES "Facility"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CharterCommitment" ADD CONSTRAINT "CharterCommitment_localIssueId_fkey" FOREIGN KEY ("localIssueId") REFERENCES "LocalIssue"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CommitmentUpdate" ADD CONSTRAINT "CommitmentUpdate_commitmentId_fkey" FOREIGN KEY ("commitmentId") REFERENCES "CharterCommitment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tag" ADD CONSTRAINT "Tag_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Tag"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tag" ADD CONSTRAINT "Tag_routingDepartmentId_fkey" FOREIGN KEY ("routingDepartmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TagSynonym" ADD CONSTRAINT "TagSynonym_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TagAlias" ADD CONSTRAINT "TagAlias_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LocalIssueTag" ADD CONSTRAINT "LocalIssueTag_localIssueId_fkey" FOREIGN KEY ("localIssueId") REFERENCES "LocalIssue"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LocalIssueTag" ADD CONSTRAINT "LocalIssueTag_tagId_fkey" FOREIGN KEY ("tagId") REFERENCES "Tag"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClusterDecision" ADD CONSTRAINT "ClusterDecision_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SystemicCase" ADD CONSTRAINT "SystemicCase_owningDepartmentId_fkey" FOREIGN KEY ("owningDepartmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseSupportingDepartment" ADD CONSTRAINT "CaseSupportingDepartment_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "SystemicCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseSupportingDepartment" ADD CONSTRAINT "CaseSupportingDepartment_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseCluster" ADD CONSTRAINT "CaseCluster_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "SystemicCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseCluster" ADD CONSTRAINT "CaseCluster_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "Cluster"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseLocalIssue" ADD CONSTRAINT "CaseLocalIssue_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "SystemicCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseLocalIssue" ADD CONSTRAINT "CaseLocalIssue_localIssueId_fkey" FOREIGN KEY ("localIssueId") REFERENCES "LocalIssue"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "SystemicCase"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_transferFromId_fkey" FOREIGN KEY ("transferFromId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_transferToId_fkey" FOREIGN KEY ("transferToId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResponseAction" ADD CONSTRAINT "ResponseAction_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "SystemicCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;
