-- CreateTable
CREATE TABLE "BudgetSlot" (
    "key" TEXT NOT NULL,
    "slot" INTEGER NOT NULL,
    "until" TIMESTAMP(3),
    "holder" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "BudgetSlot_pkey" PRIMARY KEY ("key","slot")
);

-- CreateIndex
CREATE INDEX "BudgetSlot_key_until_idx" ON "BudgetSlot"("key", "until");
