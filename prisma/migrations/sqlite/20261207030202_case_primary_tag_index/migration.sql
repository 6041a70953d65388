-- CreateIndex
CREATE INDEX "SystemicCase_primaryTagId_idx" ON "SystemicCase"("primaryTagId");
