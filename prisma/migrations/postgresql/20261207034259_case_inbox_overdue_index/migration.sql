-- CreateIndex
CREATE INDEX "SystemicCase_owningDepartmentId_nextDueOn_idx" ON "SystemicCase"("owningDepartmentId", "nextDueOn");
